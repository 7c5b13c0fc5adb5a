// Streaming reads of the summary journal (format in format.ts). Readers never write: they
// may run while the journal is appended to or compacted, in the same process or another one.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimeRange } from '../../../src-shared/api';
import type { EventCount, Summary, WindowRecord } from '../../../src-shared/types';
import { EngineError } from '../errors';
import { AmendmentMerge, amendmentsFrom, newestByWindow, scanAmendments } from './amendments';
import {
  EVENT_COUNTS_FILE,
  SUMMARIES_FILE,
  countsLineN,
  decodeCountsLine,
  decodeSummaryLine,
  isAmendLine,
  type SummaryLine,
} from './format';
import { countNewlines, readLines, seekLine, type Line } from './lines';

export interface ReadOptions {
  /** Where warnings about unreadable lines go. Default console.warn. */
  warn?: (message: string) => void;
}

interface Bounds {
  fromMs: number | null;
  toMs: number | null;
}

function parseBound(value: string | undefined): number | null {
  return value === undefined || value === '' ? null : Date.parse(value);
}

/** The range as epoch ms (a range checked by validateTimeRange at the edge). */
export function parseRange(range: TimeRange = {}): Bounds {
  return { fromMs: parseBound(range.from), toMs: parseBound(range.to) };
}

/** Seek key of plain lines, the ones in window order; amendments have none (seekLine steps over them). */
const summaryKey = (bytes: Buffer): number | null => (isAmendLine(bytes) ? null : (decodeSummaryLine(bytes)?.startMs ?? null));

async function openIfExists(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function isCurrent(path: string, fh: FileHandle): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([stat(path), fh.stat()]);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

interface JournalSnapshot {
  summaries: FileHandle;
  summariesSize: number;
  counts: FileHandle | null;
  countsSize: number;
}

/**
 * Opens the journal as it is now. Counts are opened before summaries and both are checked to be
 * still the files at their paths, so a compaction renaming them meanwhile never pairs old
 * summaries with new counts. Sizes are taken summaries first: every summary within the snapshot
 * committed before it, so its counts lie within the counts snapshot.
 */
async function openSnapshot(dataDir: string, withCounts: boolean): Promise<JournalSnapshot | null> {
  const sPath = join(dataDir, SUMMARIES_FILE);
  const cPath = join(dataDir, EVENT_COUNTS_FILE);
  for (let attempt = 0; attempt < 10; attempt++) {
    const counts = withCounts ? await openIfExists(cPath) : null;
    const summaries = await openIfExists(sPath);
    if (!summaries) {
      await counts?.close();
      return null;
    }
    const summariesSize = (await summaries.stat()).size;
    const countsSize = counts ? (await counts.stat()).size : 0;
    if ((await isCurrent(sPath, summaries)) && (!counts || (await isCurrent(cPath, counts)))) {
      return { summaries, summariesSize, counts, countsSize };
    }
    await summaries.close();
    await counts?.close();
  }
  throw new EngineError('JOURNAL_BUSY', `The journal in ${dataDir} kept changing while it was being opened; try again.`);
}

/** Walks event_counts.jsonl alongside the summaries, both sorted by sequence number. */
class CountsCursor {
  private lines: AsyncGenerator<Line> | null = null;
  private pending: Line | null = null;
  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
    private readonly path: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The counts of record `n`; records are asked for in increasing n. */
  async take(n: number): Promise<EventCount[]> {
    if (!this.lines) this.lines = readLines(this.fh, await seekLine(this.fh, 0, this.size, countsLineN, n), this.size);
    for (;;) {
      if (!this.pending) {
        const next = await this.lines.next();
        if (next.done) return [];
        this.pending = next.value;
      }
      const line = this.pending;
      const k = countsLineN(line.bytes);
      if (k !== null && k > n) return [];
      this.pending = null;
      if (k === n) {
        const counts = decodeCountsLine(line.bytes);
        if (counts) return counts;
      }
      if (k === null || k === n) this.warn(`${this.path}: skipped an unreadable line at byte ${line.offset}.`);
    }
  }

  async close(): Promise<void> {
    await this.lines?.return(undefined);
  }
}

/** A file-system failure while reading, as a sentence that names the folder (ours pass unchanged). */
function readFailed(dataDir: string, err: unknown): unknown {
  if (err instanceof EngineError || !(err instanceof Error)) return err;
  return new EngineError('JOURNAL_READ_FAILED', `Could not read the journal in ${dataDir}: ${err.message}`);
}

async function* scan(dataDir: string, range: TimeRange, withCounts: boolean, opts: ReadOptions): AsyncGenerator<WindowRecord> {
  try {
    yield* scanFiles(dataDir, range, withCounts, opts);
  } catch (err) {
    throw readFailed(dataDir, err);
  }
}

async function* scanFiles(dataDir: string, range: TimeRange, withCounts: boolean, opts: ReadOptions): AsyncGenerator<WindowRecord> {
  const { fromMs, toMs } = parseRange(range);
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const snap = await openSnapshot(dataDir, withCounts);
  if (!snap) return;
  const sPath = join(dataDir, SUMMARIES_FILE);
  const cPath = join(dataDir, EVENT_COUNTS_FILE);
  const cursor = snap.counts ? new CountsCursor(snap.counts, snap.countsSize, cPath, warn) : null;
  const unreadable = (offset: number): void => warn(`${sPath}: skipped an unreadable line at byte ${offset}.`);
  // An amendment's counts lie out of the cursor's order: each is looked up on its own (they are few).
  const countsOf = async (line: SummaryLine): Promise<WindowRecord> => {
    if (!snap.counts || !cursor) return { summary: line.summary, event_counts: [] };
    if (!line.amend) return { summary: line.summary, event_counts: await cursor.take(line.n) };
    const own = new CountsCursor(snap.counts, snap.countsSize, cPath, warn);
    try {
      return { summary: line.summary, event_counts: await own.take(line.n) };
    } finally {
      await own.close();
    }
  };
  try {
    const start = fromMs === null ? 0 : await seekLine(snap.summaries, 0, snap.summariesSize, summaryKey, fromMs);
    const scanFrom = fromMs === null ? 0 : await amendmentsFrom(snap.summaries, start);
    const found = await scanAmendments(snap.summaries, scanFrom, snap.summariesSize, unreadable);
    const merge = new AmendmentMerge(newestByWindow(found, fromMs, toMs));
    for await (const line of readLines(snap.summaries, start, snap.summariesSize)) {
      if (isAmendLine(line.bytes)) continue;
      const rec = decodeSummaryLine(line.bytes);
      if (!rec) {
        unreadable(line.offset);
        continue;
      }
      // Plain lines are appended in window order, so the first one at or past `to` ends the range.
      if (toMs !== null && rec.startMs >= toMs) break;
      if (fromMs !== null && rec.startMs < fromMs) continue;
      for (const orphan of merge.before(rec.startMs)) yield await countsOf(orphan);
      const newest = merge.pick(rec);
      if (newest) yield await countsOf(newest);
    }
    for (const orphan of merge.rest()) yield await countsOf(orphan);
  } finally {
    await cursor?.close();
    await snap.summaries.close();
    await snap.counts?.close();
  }
}

/** Summaries of windows with window_start in [from, to) (ISO strings, both optional), oldest first, each window once as its newest record (amendments included). Tolerates a torn last line (a writer may be mid-append): it is skipped. */
export async function* readSummaries(dataDir: string, range: TimeRange = {}, opts: ReadOptions = {}): AsyncGenerator<Summary> {
  for await (const record of scan(dataDir, range, false, opts)) yield record.summary;
}

/** Like readSummaries, with each window's stored event counts (top N and `(other)`). */
export function readRecords(dataDir: string, range: TimeRange = {}, opts: ReadOptions = {}): AsyncGenerator<WindowRecord> {
  return scan(dataDir, range, true, opts);
}

/**
 * Number of windows in range (for progress totals), cheap: it counts lines without parsing them,
 * and only corrects for amendments (a byte search finds them) when there are some.
 */
export async function countWindows(dataDir: string, range: TimeRange = {}): Promise<number> {
  const { fromMs, toMs } = parseRange(range);
  try {
    const fh = await openIfExists(join(dataDir, SUMMARIES_FILE));
    if (!fh) return 0;
    try {
      const size = (await fh.stat()).size;
      const start = fromMs === null ? 0 : await seekLine(fh, 0, size, summaryKey, fromMs);
      const end = toMs === null ? size : await seekLine(fh, start, size, summaryKey, toMs);
      const lines = await countNewlines(fh, start, end);
      const found = await scanAmendments(fh, fromMs === null ? 0 : await amendmentsFrom(fh, start), size);
      if (found.length === 0) return lines;
      // Amendment lines are not windows of their own, but one whose plain line compaction dropped is.
      let windows = lines - found.filter((a) => a.offset >= start && a.offset < end).length;
      for (const a of newestByWindow(found, fromMs, toMs)) {
        const at = await seekLine(fh, 0, size, summaryKey, a.startMs);
        if (at === (await seekLine(fh, at, size, summaryKey, a.startMs + 1))) windows++;
      }
      return windows;
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw readFailed(dataDir, err);
  }
}

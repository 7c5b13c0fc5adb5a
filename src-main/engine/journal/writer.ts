// The summary journal's writer: durable appends, repair of a torn tail on open (repair.ts), and
// compaction of windows older than the retention. The file format is described in format.ts.
import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WindowRecord } from '../../../src-shared/types';
import { EngineError } from '../errors';
import { removeKeptFiles, writeKeptRecords, type JournalSizes } from './compaction';
import { openFile, syncDir, writeFully, type JournalFile } from './file';
import { COMPACTING_SUFFIX, EVENT_COUNTS_FILE, SUMMARIES_FILE, encodeAmendLine, encodeCountsLine, encodeSummaryLine } from './format';
import { readRangeSync } from './lines';
import { readSummaries } from './reader';
import { repairJournal, type RepairedJournal } from './repair';

const DAY_MS = 86_400_000;

export interface JournalOptions {
  /** Days of history kept; older windows are compacted away. Default 30. */
  retentionDays?: number;
  /** Where warnings go (torn record repaired...). Default console.warn. */
  warn?: (message: string) => void;
}

export class Journal {
  retentionDays: number;
  private readonly dir: string;
  private readonly warn: (message: string) => void;
  private summaries: JournalFile;
  private counts: JournalFile;
  private nextN: number;
  private lastEndMs: number;
  private compacting: Promise<{ removed: number }> | null = null;
  private closed = false;

  private constructor(dir: string, opts: Required<JournalOptions>, summaries: JournalFile, counts: JournalFile, last: RepairedJournal) {
    this.dir = dir;
    this.retentionDays = opts.retentionDays;
    this.warn = opts.warn;
    this.summaries = summaries;
    this.counts = counts;
    this.nextN = last.lastN + 1;
    this.lastEndMs = last.lastEndMs;
  }

  /** Opens (creating the folder and files if needed) and repairs a torn tail. */
  static async open(dataDir: string, opts: JournalOptions = {}): Promise<Journal> {
    const retentionDays = opts.retentionDays ?? 30;
    const warn = opts.warn ?? ((m: string) => console.warn(m));
    await mkdir(dataDir, { recursive: true });
    // Left by a compaction that did not finish: the journal files themselves are intact.
    await removeKeptFiles({ summaries: join(dataDir, SUMMARIES_FILE), counts: join(dataDir, EVENT_COUNTS_FILE) });
    const summaries = openFile(join(dataDir, SUMMARIES_FILE));
    let counts: JournalFile;
    try {
      counts = openFile(join(dataDir, EVENT_COUNTS_FILE));
    } catch (err) {
      closeSync(summaries.fd);
      throw err;
    }
    const journal = new Journal(dataDir, { retentionDays, warn }, summaries, counts, repairJournal(summaries, counts, warn));
    syncDir(dataDir);
    return journal;
  }

  /** The end (epoch ms) of the last window written, -Infinity for an empty journal: where the next may start. */
  get lastWindowEnd(): number {
    return this.lastEndMs;
  }

  /** Appends one closed window durably (written and fsync'd before it returns) — called once per window, before the summary is announced. Synchronous on purpose: it runs in the engine worker, and the record must be on disk before anything else sees it. */
  append(record: WindowRecord): void {
    this.appendAll([record]);
  }

  /**
   * Appends several windows, in order, with one fsync per file for all of them (for imports and
   * backfills; the engine appends one window at a time). All or nothing: on a write error the
   * files are cut back to where they were and a JOURNAL_WRITE_FAILED error is thrown.
   */
  appendAll(records: readonly WindowRecord[]): void {
    this.checkOpen();
    let countsText = '';
    let summariesText = '';
    let n = this.nextN;
    let lastEndMs = this.lastEndMs;
    for (const { summary, event_counts } of records) {
      const startMs = Date.parse(summary.window_start);
      if (startMs < lastEndMs) {
        this.warn(
          `journal: window ${summary.window_start} starts before the one before it ended; range reads assume time order and may miss it.`,
        );
      }
      lastEndMs = Date.parse(summary.window_end);
      if (event_counts.length > 0) countsText += encodeCountsLine(n, summary.window_start, event_counts);
      summariesText += encodeSummaryLine(n, summary);
      n++;
    }
    this.writeRecords(countsText, summariesText);
    this.nextN = n;
    this.lastEndMs = lastEndMs;
  }

  /**
   * Replaces a window already journaled (a cluster viewer's late partial for a window it made
   * final) by appending a newer record of it: readers, exports and compaction then see only the
   * newest. Durable like append (fsync'd before the promise resolves); lastWindowEnd does not move.
   * Async because it first looks the window up in the file, which must not block the engine's
   * thread on a long journal. Refuses (NOT_FOUND) a window never journaled, and (BAD_REQUEST) one
   * that ended before now − retention, which compaction would drop anyway.
   */
  async amend(record: WindowRecord, now: number = Date.now()): Promise<void> {
    this.checkOpen();
    const { summary, event_counts } = record;
    const startMs = Date.parse(summary.window_start);
    if (Date.parse(summary.window_end) < now - this.retentionDays * DAY_MS) {
      throw new EngineError('BAD_REQUEST', `Window ${summary.window_start} is older than the journal keeps (${this.retentionDays} days).`);
    }
    if (!(await this.hasWindow(startMs))) {
      throw new EngineError('NOT_FOUND', `No window starting ${summary.window_start} was journaled, so there is none to amend.`);
    }
    this.checkOpen();
    // Read nextN only now: appends may have happened while the lookup ran.
    const n = this.nextN;
    this.writeRecords(event_counts.length > 0 ? encodeCountsLine(n, summary.window_start, event_counts) : '', encodeAmendLine(n, summary));
    this.nextN = n + 1;
  }

  /** Whether a window starting at `startMs` is in the journal (as a plain record or an amendment). */
  private async hasWindow(startMs: number): Promise<boolean> {
    if (!Number.isFinite(startMs)) return false;
    const range = { from: new Date(startMs).toISOString(), to: new Date(startMs + 1).toISOString() };
    for await (const s of readSummaries(this.dir, range, { warn: this.warn })) {
      if (Date.parse(s.window_start) === startMs) return true;
    }
    return false;
  }

  private checkOpen(): void {
    if (this.closed) throw new EngineError('JOURNAL_CLOSED', 'The journal is closed.');
  }

  /** Writes counts then summaries, all or nothing: on a write error both are cut back and JOURNAL_WRITE_FAILED thrown. */
  private writeRecords(countsText: string, summariesText: string): void {
    const countsSize = this.counts.size;
    const summariesSize = this.summaries.size;
    try {
      // Counts first: the summary line commits the record, so it must not land before them.
      if (countsText) this.writeDurably(this.counts, countsText);
      this.writeDurably(this.summaries, summariesText);
    } catch (err) {
      this.rollBack(this.counts, countsSize);
      this.rollBack(this.summaries, summariesSize);
      const reason = err instanceof Error ? err.message : String(err);
      throw new EngineError('JOURNAL_WRITE_FAILED', `Could not write the journal in ${this.dir}: ${reason}`);
    }
  }

  private writeDurably(file: JournalFile, text: string): void {
    const buf = Buffer.from(text, 'utf8');
    writeFully(file.fd, buf, file.size);
    fsyncSync(file.fd);
    file.size += buf.length;
  }

  private rollBack(file: JournalFile, size: number): void {
    try {
      ftruncateSync(file.fd, size);
      file.size = size;
    } catch {
      // If even this fails the tail is torn, and the next open repairs it.
    }
  }

  /** Drops records whose window_end is older than now − retention, and records an amendment superseded, without blocking ingest for long (write the kept part to a new file and rename; safe against a crash midway). Concurrent calls share one run. */
  compact(now: number): Promise<{ removed: number }> {
    if (!this.compacting) {
      this.compacting = this.runCompaction(now - this.retentionDays * DAY_MS).finally(() => {
        this.compacting = null;
      });
    }
    return this.compacting;
  }

  private async runCompaction(cutoffMs: number): Promise<{ removed: number }> {
    if (this.closed) return { removed: 0 };
    const paths = { summaries: this.summaries.path, counts: this.counts.path };
    try {
      // Appends only ever add bytes past these sizes; finishCompaction copies them over.
      const ends = { summaries: this.summaries.size, counts: this.counts.size };
      const copy = await writeKeptRecords(paths, ends, cutoffMs);
      if (!copy) return { removed: 0 };
      if (this.closed) {
        await removeKeptFiles(paths);
        return { removed: 0 };
      }
      this.finishCompaction(ends, copy.bytes);
      if (copy.unreadable > 0) this.warn(`${paths.summaries}: compaction dropped ${copy.unreadable} unreadable lines.`);
      // Superseded records are not counted as removed: their window is still there, as its newest record.
      return { removed: copy.removed };
    } catch (err) {
      await removeKeptFiles(paths);
      const reason = err instanceof Error ? err.message : String(err);
      throw new EngineError('JOURNAL_COMPACT_FAILED', `Could not compact the journal in ${this.dir}: ${reason}`);
    }
  }

  /**
   * Synchronous, so no append can slip in: copies what was appended during the compaction, then
   * renames summaries before counts. Readers open counts before summaries, so whatever instant
   * they open at, their counts file is at least as old as their summaries file; a crash between
   * the two renames leaves counts of dropped windows, which no summary joins and the next
   * compaction removes.
   */
  private finishCompaction(ends: JournalSizes, written: JournalSizes): void {
    for (const key of ['summaries', 'counts'] as const) {
      const file = this[key];
      const fd = openSync(file.path + COMPACTING_SUFFIX, 'r+');
      try {
        if (file.size > ends[key]) writeFully(fd, readRangeSync(file.fd, ends[key], file.size), written[key]);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    try {
      renameSync(this.summaries.path + COMPACTING_SUFFIX, this.summaries.path);
      renameSync(this.counts.path + COMPACTING_SUFFIX, this.counts.path);
    } finally {
      // Whatever got renamed, appends must go to the files now at the journal's paths.
      for (const key of ['summaries', 'counts'] as const) {
        const old = this[key];
        this[key] = openFile(old.path);
        closeSync(old.fd);
      }
      syncDir(this.dir);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.summaries.fd);
    closeSync(this.counts.fd);
  }
}

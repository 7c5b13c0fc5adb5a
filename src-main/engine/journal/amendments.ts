// Amendments of the summary journal (format in format.ts): finding them, and folding the newest
// record of each window into the window-ordered reads of reader.ts and the copy of compaction.ts.
//
// Readers do a first pass for amendments before the streamed pass over plain lines, rather than
// buffering the whole range: amendments are rare (a late node's partial), so the first pass is a
// raw byte search that finds none in the usual case, and what it finds is a few summaries (no
// counts) held in memory. The streamed pass then stays one window at a time, as before.
import type { FileHandle } from 'node:fs/promises';
import { AMEND_LINE_START, decodeSummaryLine, isAmendLine, type SummaryLine } from './format';
import { lastLineStart, lineFrom } from './lines';

const SCAN_CHUNK = 256 * 1024;
/** An amendment line as seen mid-file: the '\n' ending the line before it, then its first bytes. */
const MARK = Buffer.concat([Buffer.from('\n'), AMEND_LINE_START]);

export interface Amendment extends SummaryLine {
  /** Byte offset of the line in summaries.jsonl. */
  offset: number;
}

/**
 * Every amendment line in [start, end) of summaries.jsonl, in file order (so oldest first).
 * `start` must be a line start. A torn last amendment (no '\n' yet: a writer mid-append) is left
 * out; an unreadable whole one is reported to `onUnreadable` and left out.
 */
export async function scanAmendments(
  fh: FileHandle,
  start: number,
  end: number,
  onUnreadable: (offset: number) => void = () => {},
): Promise<Amendment[]> {
  const out: Amendment[] = [];
  const take = async (offset: number): Promise<void> => {
    const line = await lineFrom(fh, offset, end);
    if (!line) return;
    const decoded = decodeSummaryLine(line.bytes);
    if (decoded) out.push({ ...decoded, offset });
    else onUnreadable(offset);
  };
  const buf = Buffer.allocUnsafe(SCAN_CHUNK);
  // From the byte before `start` so that a line at `start` shows its '\n' too; at 0 there is none.
  let pos = start;
  if (start === 0) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(AMEND_LINE_START.length, end), 0);
    if (isAmendLine(buf.subarray(0, bytesRead))) await take(0);
  } else {
    pos = start - 1;
  }
  while (pos < end) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    const hits: number[] = [];
    for (let i = chunk.indexOf(MARK); i !== -1; i = chunk.indexOf(MARK, i + 1)) hits.push(pos + i + 1);
    // `take` reads into its own buffers, but collect first anyway: `buf` is reused by the next read.
    for (const offset of hits) await take(offset);
    if (pos + bytesRead >= end) break;
    // Overlap by all but one byte of MARK, so a mark across two chunks is found exactly once.
    pos += Math.max(1, bytesRead - (MARK.length - 1));
  }
  return out;
}

/**
 * Where amendments of windows at or after a range's start may lie: `start` (the first plain line
 * of the range, from seekLine) moved back over the amendment and unreadable lines just before it.
 * An amendment follows the plain line of its window; once compaction has dropped that line it may
 * sit before `start`, but never before the plain line of an earlier window.
 */
export async function amendmentsFrom(fh: FileHandle, start: number): Promise<number> {
  let pos = start;
  while (pos > 0) {
    const lineStart = await lastLineStart(fh, pos);
    const bytes = Buffer.allocUnsafe(pos - 1 - lineStart);
    await fh.read(bytes, 0, bytes.length, lineStart);
    if (!isAmendLine(bytes) && decodeSummaryLine(bytes)) break;
    pos = lineStart;
  }
  return pos;
}

/** The newest amendment of each window with start in [fromMs, toMs) (null: unbounded), by window start. */
export function newestByWindow(amendments: readonly Amendment[], fromMs: number | null, toMs: number | null): Amendment[] {
  const newest = new Map<number, Amendment>();
  for (const a of amendments) {
    if ((fromMs !== null && a.startMs < fromMs) || (toMs !== null && a.startMs >= toMs)) continue;
    const seen = newest.get(a.startMs);
    if (!seen || a.n > seen.n) newest.set(a.startMs, a);
  }
  return [...newest.values()].sort((a, b) => a.startMs - b.startMs);
}

/**
 * Merges the newest amendments (window order) into a stream of plain lines (window order): each
 * plain line is swapped for its window's amendment, and amendments whose plain line is gone
 * (compacted away) come out in their place in the order.
 */
export class AmendmentMerge {
  private next = 0;
  private replacedStart = NaN;

  constructor(private readonly newest: readonly Amendment[]) {}

  /** Amendments of windows before `startMs` not given yet: due before the plain line at `startMs`. */
  *before(startMs: number): Generator<Amendment> {
    while (this.next < this.newest.length && this.newest[this.next].startMs < startMs) yield this.newest[this.next++];
  }

  /** What to give for a plain line: its window's amendment, the line itself, or null for a second plain line of a window already given amended. */
  pick(line: SummaryLine): SummaryLine | null {
    if (line.startMs === this.replacedStart) return null;
    const a = this.newest[this.next];
    if (a === undefined || a.startMs !== line.startMs) return line;
    this.next++;
    this.replacedStart = line.startMs;
    return a;
  }

  /** Amendments after the last plain line read. */
  *rest(): Generator<Amendment> {
    while (this.next < this.newest.length) yield this.newest[this.next++];
  }
}

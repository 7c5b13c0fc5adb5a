// Repair of the journal on open: a writer killed mid-append leaves a torn last line, or counts of
// a window whose summary (the commit marker) never landed. Both are cut, with a warning naming the
// file and the bytes; everything committed before them is kept.
import { fsyncSync, ftruncateSync } from 'node:fs';
import type { JournalFile } from './file';
import { countsLineN, decodeSummaryLine } from './format';
import { endsWithNewlineSync, lastLineStartSync, readRangeSync } from './lines';

/** Most bytes of whole but unreadable lines cut from a tail: past that it is not a torn write. */
const MAX_REPAIR_BYTES = 1024 * 1024;

/** What tail repair does with a whole line: stop at it, cut it, or cut it only in a short run. */
type TailVerdict = 'keep' | 'uncommitted' | 'unreadable';

/**
 * Cuts trailing lines of a torn or uncommitted write and returns the number of bytes dropped. A
 * fragment without '\n' is always torn; a run of unreadable whole lines is cut only when it is
 * within MAX_REPAIR_BYTES, so a file in an unexpected format is kept (readers skip its lines with a
 * warning) rather than emptied.
 */
function repairTail(file: JournalFile, judge: (bytes: Buffer) => TailVerdict): number {
  let end = file.size;
  let runEnd: number | null = null;
  while (end > 0) {
    const start = lastLineStartSync(file.fd, end);
    if (endsWithNewlineSync(file.fd, end)) {
      const verdict = judge(readRangeSync(file.fd, start, end - 1));
      if (verdict === 'keep') break;
      if (verdict === 'uncommitted') runEnd = null;
      else if ((runEnd ??= end) - start > MAX_REPAIR_BYTES) {
        end = runEnd;
        break;
      }
    }
    end = start;
  }
  const dropped = file.size - end;
  if (dropped > 0) {
    ftruncateSync(file.fd, end);
    fsyncSync(file.fd);
    file.size = end;
  }
  return dropped;
}

/**
 * The last committed record of [0, end), looking past unreadable lines: its `n`, and the end of the
 * last window. Amendments after the last plain line are looked through for the window end (an
 * amendment does not move it), though one whose plain line compaction dropped stands for it.
 */
function lastCommitted(file: JournalFile, end: number): RepairedJournal {
  let lastN: number | null = null;
  let lastEndMs = -Infinity;
  while (end > 0) {
    const start = lastLineStartSync(file.fd, end);
    const line = endsWithNewlineSync(file.fd, end) ? decodeSummaryLine(readRangeSync(file.fd, start, end - 1)) : null;
    if (line) {
      lastN ??= line.n;
      lastEndMs = Math.max(lastEndMs, line.endMs);
      if (!line.amend) break;
    }
    end = start;
  }
  return { lastN: lastN ?? 0, lastEndMs };
}

export interface RepairedJournal {
  /** The sequence number of the last committed record, 0 for none. */
  lastN: number;
  /** window_end (epoch ms) of the last committed record, -Infinity for none. */
  lastEndMs: number;
}

/** Cuts a torn tail of both files (summaries first: they decide which counts are committed). */
export function repairJournal(summaries: JournalFile, counts: JournalFile, warn: (message: string) => void): RepairedJournal {
  const droppedSummaries = repairTail(summaries, (bytes) => (decodeSummaryLine(bytes) ? 'keep' : 'unreadable'));
  const last = lastCommitted(summaries, summaries.size);
  const lastN = last.lastN;
  if (droppedSummaries > 0) {
    warn(
      `${summaries.path}: dropped ${droppedSummaries} bytes of an incomplete last record (torn write); the records before it are intact.`,
    );
  }
  // Counts past the last committed summary belong to windows whose summary never got written.
  const droppedCounts = repairTail(counts, (bytes) => {
    const n = countsLineN(bytes);
    return n === null ? 'unreadable' : n > lastN ? 'uncommitted' : 'keep';
  });
  if (droppedCounts > 0) {
    warn(`${counts.path}: dropped ${droppedCounts} bytes of event counts whose window never committed (torn write).`);
  }
  return last;
}

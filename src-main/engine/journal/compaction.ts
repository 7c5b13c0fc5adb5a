// The copy passes of a journal compaction: which records a compaction keeps, written to new files
// beside the journal. Journal.compact then adds what was appended meanwhile and renames them in.
// A record an amendment superseded is dropped too; the newest stays where it was appended (moving
// it to its window's place would break the files' order by `n`, which the counts join needs), and
// readers merge it back into window order (amendments.ts).
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import { newestByWindow, scanAmendments } from './amendments';
import { COMPACTING_SUFFIX, countsLineN, decodeSummaryLine } from './format';
import { readLines } from './lines';

const COPY_BATCH_BYTES = 1024 * 1024;
const NEWLINE = Buffer.from('\n');

export interface JournalPaths {
  summaries: string;
  counts: string;
}

/** Byte lengths of the journal files taken at one instant. */
export interface JournalSizes {
  summaries: number;
  counts: number;
}

export interface KeptCopy {
  /** Windows dropped for being older than the cutoff. */
  removed: number;
  /** Records dropped because a newer record (an amendment) of their window follows. */
  superseded: number;
  /** Summary lines dropped because they do not parse. */
  unreadable: number;
  /** Bytes written to each `.compacting` file. */
  bytes: JournalSizes;
}

/**
 * Writes the records within the first `ends` bytes of the journal whose window ends at or after
 * `cutoffMs` to `<file>.compacting` (fsync'd), reading and writing asynchronously so that ingest
 * keeps running meanwhile. Returns null, leaving no file behind, when nothing would be dropped;
 * removes its files and rethrows on error.
 */
export async function writeKeptRecords(paths: JournalPaths, ends: JournalSizes, cutoffMs: number): Promise<KeptCopy | null> {
  const outPaths = { summaries: paths.summaries + COMPACTING_SUFFIX, counts: paths.counts + COMPACTING_SUFFIX };
  const kept = new KeptSet();
  let removed = 0;
  let superseded = 0;
  let unreadable = 0;
  try {
    const newest = await newestAmendments(paths.summaries, ends.summaries);
    const summariesBytes = await filterLines(paths.summaries, ends.summaries, outPaths.summaries, (bytes) => {
      const line = decodeSummaryLine(bytes);
      // Superseded first, so that `removed` counts windows, not each record of an old amended one.
      if (!line) unreadable++;
      else if ((newest.get(line.startMs) ?? line.n) !== line.n) superseded++;
      else if (line.endMs < cutoffMs) removed++;
      else {
        kept.add(line.n);
        return true;
      }
      return false;
    });
    if (removed === 0 && superseded === 0 && unreadable === 0) {
      await removeKeptFiles(paths);
      return null;
    }
    const countsBytes = await filterLines(paths.counts, ends.counts, outPaths.counts, (bytes) => {
      const n = countsLineN(bytes);
      return n !== null && kept.has(n);
    });
    return { removed, superseded, unreadable, bytes: { summaries: summariesBytes, counts: countsBytes } };
  } catch (err) {
    await removeKeptFiles(paths);
    throw err;
  }
}

/** The `n` of the newest amendment of each amended window within [0, end), by window start. */
async function newestAmendments(path: string, end: number): Promise<Map<number, number>> {
  const fh = await open(path, 'r');
  try {
    const found = await scanAmendments(fh, 0, end);
    return new Map(newestByWindow(found, null, null).map((a) => [a.startMs, a.n]));
  } finally {
    await fh.close();
  }
}

/** Removes the `.compacting` files of an unfinished or abandoned compaction. */
export async function removeKeptFiles(paths: JournalPaths): Promise<void> {
  await rm(paths.summaries + COMPACTING_SUFFIX, { force: true });
  await rm(paths.counts + COMPACTING_SUFFIX, { force: true });
}

/** Sequence numbers of kept records: a bitmap over n, since a journal may hold millions. */
class KeptSet {
  private base = -1;
  private bits = new Uint8Array(1024);
  add(n: number): void {
    if (this.base < 0) this.base = n;
    const i = n - this.base;
    if (i < 0) return;
    if (i >> 3 >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, (i >> 3) + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i >> 3] |= 1 << (i & 7);
  }
  has(n: number): boolean {
    const i = n - this.base;
    return this.base >= 0 && i >= 0 && i >> 3 < this.bits.length && (this.bits[i >> 3] & (1 << (i & 7))) !== 0;
  }
}

/** Writes the lines of [0, end) of `path` that `keep` accepts to a new file `outPath`, fsync'd; returns its size. */
async function filterLines(path: string, end: number, outPath: string, keep: (bytes: Buffer) => boolean): Promise<number> {
  let src: FileHandle | null = null;
  let out: FileHandle | null = null;
  let written = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    const buf = Buffer.concat(batch);
    await out!.write(buf, 0, buf.length, written);
    written += buf.length;
    batch = [];
    batchBytes = 0;
  };
  try {
    src = await open(path, 'r');
    out = await open(outPath, 'w');
    for await (const line of readLines(src, 0, end)) {
      if (!keep(line.bytes)) continue;
      batch.push(line.bytes, NEWLINE);
      batchBytes += line.bytes.length + 1;
      if (batchBytes >= COPY_BATCH_BYTES) await flush();
    }
    await flush();
    await out.sync();
  } finally {
    await src?.close();
    await out?.close();
  }
  return written;
}

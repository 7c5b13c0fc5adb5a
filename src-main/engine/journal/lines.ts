// Line-level file I/O of the journal's JSON-lines files: whole lines in order, binary search by a
// key over byte offsets, and the synchronous tail reads the writer's repair needs. Knows nothing
// of what a line holds (format.ts does).
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { LF } from '../parse/ascii';

const SCAN_CHUNK = 256 * 1024;

export interface Line {
  /** The line without its '\n'. */
  bytes: Buffer;
  /** Byte offset of the line in the file. */
  offset: number;
  /** Offset just past its '\n'. */
  next: number;
}

/**
 * Whole lines of [start, end) in order. A last fragment without '\n' is not yielded: a writer may
 * be mid-append, or it is a torn tail that Journal.open repairs.
 */
export async function* readLines(fh: FileHandle, start: number, end: number): AsyncGenerator<Line> {
  let pos = start;
  let parts: Buffer[] = [];
  let lineStart = start;
  while (pos < end) {
    const len = Math.min(SCAN_CHUNK, end - pos);
    const buf = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(buf, 0, len, pos);
    if (bytesRead === 0) return;
    const chunk = buf.subarray(0, bytesRead);
    let from = 0;
    for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, from)) {
      const piece = chunk.subarray(from, nl);
      const bytes = parts.length > 0 ? Buffer.concat([...parts, piece]) : piece;
      parts = [];
      yield { bytes, offset: lineStart, next: pos + nl + 1 };
      lineStart = pos + nl + 1;
      from = nl + 1;
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
    pos += bytesRead;
  }
}

/** Position of the first '\n' in [from, end), or -1. */
async function findNewline(fh: FileHandle, from: number, end: number): Promise<number> {
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (let pos = from; pos < end;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
    if (bytesRead === 0) return -1;
    const i = buf.subarray(0, bytesRead).indexOf(LF);
    if (i !== -1) return pos + i;
    pos += bytesRead;
  }
  return -1;
}

/** The first whole line starting at or after `p` and ending before `end`, or null. */
export async function lineFrom(fh: FileHandle, p: number, end: number): Promise<Line | null> {
  let start = p;
  if (p > 0) {
    const nl = await findNewline(fh, p - 1, end);
    if (nl === -1) return null;
    start = nl + 1;
  }
  if (start >= end) return null;
  const nl = await findNewline(fh, start, end);
  if (nl === -1) return null;
  const bytes = Buffer.allocUnsafe(nl - start);
  await fh.read(bytes, 0, bytes.length, start);
  return { bytes, offset: start, next: nl + 1 };
}

/**
 * Offset of the first line in [lo, end) whose key is >= target, by binary search over byte
 * offsets (lines are sorted by key; `lo` must be a line start). Lines without a key (corrupt) are
 * stepped over, never taken as the answer.
 */
export async function seekLine(
  fh: FileHandle,
  lo: number,
  end: number,
  key: (bytes: Buffer) => number | null,
  target: number,
): Promise<number> {
  let hi = end;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    let line = await lineFrom(fh, mid, hi);
    while (line && key(line.bytes) === null) line = await lineFrom(fh, line.next, hi);
    if (!line) {
      // No readable line starts in [mid, hi): the answer is a line of [lo, mid), or hi.
      for await (const l of readLines(fh, lo, hi)) {
        const k = key(l.bytes);
        if (k !== null && k >= target) return l.offset;
      }
      return hi;
    }
    if ((key(line.bytes) as number) < target) lo = line.next;
    else hi = line.offset;
  }
  return lo;
}

function readFullySync(fd: number, buf: Buffer, position: number): void {
  for (let done = 0; done < buf.length;) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
}

/** Bytes [start, end) of a file. */
export function readRangeSync(fd: number, start: number, end: number): Buffer {
  const buf = Buffer.allocUnsafe(end - start);
  readFullySync(fd, buf, start);
  return buf;
}

/** Where the last line of [0, end) begins: just past the last '\n' before end - 1, or 0. */
export function lastLineStartSync(fd: number, end: number): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (let pos = end - 1; pos > 0;) {
    const from = Math.max(0, pos - buf.length);
    const chunk = buf.subarray(0, pos - from);
    readFullySync(fd, chunk, from);
    const i = chunk.lastIndexOf(LF);
    if (i !== -1) return from + i + 1;
    pos = from;
  }
  return 0;
}

/** Where the last line of [0, end) begins: the async twin of lastLineStartSync, for readers. */
export async function lastLineStart(fh: FileHandle, end: number): Promise<number> {
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (let pos = end - 1; pos > 0;) {
    const from = Math.max(0, pos - buf.length);
    const { bytesRead } = await fh.read(buf, 0, pos - from, from);
    const i = buf.subarray(0, bytesRead).lastIndexOf(LF);
    if (i !== -1) return from + i + 1;
    pos = from;
  }
  return 0;
}

/** Whether the byte before `end` is '\n'. */
export function endsWithNewlineSync(fd: number, end: number): boolean {
  if (end === 0) return false;
  const b = Buffer.allocUnsafe(1);
  readFullySync(fd, b, end - 1);
  return b[0] === LF;
}

/** Number of '\n' in [start, end). */
export async function countNewlines(fh: FileHandle, start: number, end: number): Promise<number> {
  const buf = Buffer.allocUnsafe(SCAN_CHUNK);
  let count = 0;
  for (let pos = start; pos < end;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) count++;
    pos += bytesRead;
  }
  return count;
}

// Tag keys and values repeat line after line (a few routes, hosts, plans), and decoding each into a
// new string was most of a tagged line's cost (bench/hot-path.ts, "tagged": the decode and the
// garbage it left were about 40 % of the line). A small direct-mapped cache hands back the string
// made the last time for the same bytes; the same string object also makes the counters' compares
// cheap. A miss costs a decode, as before, plus a copy of at most MAX_BYTES bytes.
import { hashLo } from '../sketch/hash';

const SLOTS = 1024;
/** Longer texts are decoded each time: rare for tags, and they would crowd the cache. */
const MAX_BYTES = 64;

export class TextCache {
  private readonly bytes = new Uint8Array(SLOTS * MAX_BYTES);
  /** Length of each slot's bytes, -1 while empty. */
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');

  /** Bytes [start, end) of buf as a string (UTF-8, as Buffer#toString decodes it). */
  text(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n > MAX_BYTES) return buf.toString('utf8', start, end);
    const slot = hashLo(buf, start, end) & (SLOTS - 1);
    const bytes = this.bytes;
    const at = slot * MAX_BYTES;
    if (this.lengths[slot] === n) {
      let i = 0;
      while (i < n && bytes[at + i] === buf[start + i]) i++;
      if (i === n) return this.texts[slot]!;
    }
    const text = buf.toString('utf8', start, end);
    for (let i = 0; i < n; i++) bytes[at + i] = buf[start + i]!;
    this.lengths[slot] = n;
    this.texts[slot] = text;
    return text;
  }
}

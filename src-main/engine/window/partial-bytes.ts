// The byte writer and reader behind the partial codec (partial-codec.ts): one growing buffer to
// write into, and a reader that refuses, with a PartialFormatError naming what and where, anything
// past its end or out of range, and checks every length against the bytes left before allocating.
//
// Numbers: LEB128 varints for whole numbers; a "count" (a non-negative number, whole nearly always)
// as varint n + 1, or 0 then a float64 when it is not whole (StatsD sample rates make 1/rate);
// any other number (sums, min, max, gauges, values, times) likewise as zigzag varint + 1, or 0
// then a float64 (NaN, ±Infinity, -0, fractions and the very large). float64s are little-endian.
import { Buffer, isUtf8 } from 'node:buffer';

/** What decodePartial throws for bytes that are not a partial it can read: the message says what is wrong and at which byte. */
export class PartialFormatError extends Error {
  /** The byte offset where reading failed. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'PartialFormatError';
    this.offset = offset;
  }
}

/** Whole numbers below this go as varints (so that zigzag and the +1 stay safe integers). */
const WHOLE_LIMIT = 2 ** 51;
/** The most bytes a varint of a safe integer takes (8 × 7 bits ≥ 53). */
const MAX_VARINT_BYTES = 8;

const isNegativeZero = (v: number) => v === 0 && 1 / v < 0;

export class ByteWriter {
  private buf: Buffer;
  private view: DataView;
  pos: number;

  /** `start`: bytes left free at the front (for a header written once the body's length is known). */
  constructor(initial = 4096, start = 0) {
    this.buf = Buffer.allocUnsafe(Math.max(initial, start + 16));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = start;
  }

  /** Makes room for `n` more bytes: the buffer doubles, so a large partial costs few copies. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** A whole number 0 to 2^53 − 1 as LEB128. */
  varint(v: number): void {
    if (!(Number.isSafeInteger(v) && v >= 0)) throw new RangeError(`cannot write ${v} as a varint`);
    this.ensure(MAX_VARINT_BYTES);
    const buf = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      buf[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[p++] = v;
    this.pos = p;
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** A count: n + 1 when whole, else 0 and the float64. Negative counts are for the reader to refuse, so they go as floats. */
  count(v: number): void {
    if (v >= 0 && v < WHOLE_LIMIT && Number.isInteger(v) && !isNegativeZero(v)) this.varint(v + 1);
    else {
      this.u8(0);
      this.f64(v);
    }
  }

  /** Any number: zigzag + 1 when whole and not huge, else 0 and the float64. */
  number(v: number): void {
    if (v > -WHOLE_LIMIT && v < WHOLE_LIMIT && Number.isInteger(v) && !isNegativeZero(v)) this.varint((v >= 0 ? 2 * v : -2 * v - 1) + 1);
    else {
      this.u8(0);
      this.f64(v);
    }
  }

  /** A string as its UTF-8 byte length and bytes; short ASCII (most names) without a call into the runtime. */
  string(s: string): void {
    const n = s.length;
    this.ensure(MAX_VARINT_BYTES + 3 * n);
    const buf = this.buf;
    if (n < 0x80) {
      let p = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = p;
        return;
      }
    }
    // A lone surrogate would come back as U+FFFD: refuse to write what would not read back the same.
    if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) throw new RangeError(`cannot encode a string with a lone surrogate`);
    this.varint(Buffer.byteLength(s, 'utf8'));
    this.pos += buf.write(s, this.pos, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** The bytes [from, pos) (a view: copy it before writing on). */
  written(from = 0): Uint8Array {
    return this.buf.subarray(from, this.pos);
  }
}

export class ByteReader {
  private readonly buf: Buffer;
  private readonly view: DataView;
  pos: number;
  /** Reading stops here (exclusive): the bytes after it are not this reader's. */
  readonly end: number;

  constructor(bytes: Uint8Array, start: number, end: number) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string, at = this.pos): never {
    throw new PartialFormatError(message, at);
  }

  private need(n: number, what: string): void {
    if (this.end - this.pos < n) this.fail(`truncated: ${what} needs ${n} bytes, ${this.end - this.pos} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  /** A LEB128 whole number below 2^53, in as few bytes as it takes (no padded forms: one encoding per value). */
  varint(what: string): number {
    const at = this.pos;
    const buf = this.buf;
    const end = this.end;
    if (at >= end) this.fail(`truncated: ${what} past the end`);
    let b = buf[at]!;
    if (b < 0x80) {
      this.pos = at + 1;
      return b;
    }
    let v = b & 0x7f;
    let scale = 0x80;
    for (let p = at + 1; ; p++) {
      if (p >= end) this.fail(`truncated: ${what} past the end`, at);
      if (p - at >= MAX_VARINT_BYTES) this.fail(`${what}: a varint longer than ${MAX_VARINT_BYTES} bytes`, at);
      b = buf[p]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (b === 0) this.fail(`${what}: a varint padded with a zero byte`, at);
        if (v > Number.MAX_SAFE_INTEGER) this.fail(`${what}: ${v} is past 2^53`, at);
        this.pos = p + 1;
        return v;
      }
      scale *= 0x80;
    }
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A count (see ByteWriter.count): refuses a negative, infinite or NaN one. */
  count(what: string): number {
    const at = this.pos;
    const u = this.varint(what);
    if (u !== 0) return u - 1;
    const v = this.f64(what);
    if (!(v >= 0 && v < Infinity)) this.fail(`${what}: ${v} is not a count (a finite number ≥ 0)`, at);
    return v;
  }

  /** Any number (see ByteWriter.number). */
  number(what: string): number {
    const u = this.varint(what);
    if (u === 0) return this.f64(what);
    const z = u - 1;
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** A length of items taking at least `minBytes` each: refused when the bytes left cannot hold them, before anything is allocated. */
  length(what: string, minBytes: number, max = Infinity): number {
    const at = this.pos;
    const n = this.varint(what);
    if (n > max) this.fail(`${what}: ${n} is more than ${max}`, at);
    if (n * minBytes > this.end - this.pos) this.fail(`${what}: ${n} would run past the end (${this.end - this.pos} bytes left)`, at);
    return n;
  }

  /** A UTF-8 string with its byte length; refuses bytes that are not UTF-8. */
  string(what: string): string {
    const n = this.length(what, 1);
    const start = this.pos;
    const s = this.buf.toString('utf8', start, start + n);
    // Bad UTF-8 decodes to U+FFFD: only a string holding one needs the full check.
    if (s.includes('\uFFFD') && !isUtf8(this.buf.subarray(start, start + n))) this.fail(`${what}: not UTF-8`, start);
    this.pos = start + n;
    return s;
  }

  /** `n` raw bytes, copied (the result owns its memory, not the input's). */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}

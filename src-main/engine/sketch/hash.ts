// A 64-bit hash of a byte range, as two 32-bit halves. The halves are two independent hash
// functions (MurmurHash3 x86_32 run with different constants and seeds), so that a caller can
// compute only the half it needs: hash tables probe and filter with the low half, which every
// lookup pays, and the high half is computed only when a key is first stored. The HyperLogLog
// uses both: 32 bits alone would collide about 11,600 times among 10,000,000 distinct keys and
// cap HLL ranks, so the HLL would under-count.
//
// Written with Math.imul so that it stays in 32-bit integer arithmetic and allocates nothing.

/** Where hashBytes writes its result; reuse one per caller so hashing allocates nothing. */
export interface HashPair {
  /** Low 32 bits (signed int32): hashLo() of the same bytes. */
  lo: number;
  /** High 32 bits (signed int32): hashHi() of the same bytes. */
  hi: number;
}

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;
const C3 = 0x85ebca6b | 0;
const C4 = 0xc2b2ae35 | 0;
const SEED_LO = 0x9747b28c | 0;
const SEED_HI = 0x5bd1e995 | 0;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The low half's state before any byte: start a hash here, feed it with hashLoBlock, end it with hashLoEnd. */
export const HASH_LO_START = SEED_LO;

/** Feeds one 4-byte block (little-endian, as an int32) into the low half's state. */
export function hashLoBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  h ^= Math.imul((k << 15) | (k >>> 17), C2);
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** Ends the low half over `length` bytes: `tail` holds the last length % 4 bytes (little-endian), 0 when none. */
export function hashLoEnd(h: number, tail: number, length: number): number {
  if ((length & 3) !== 0) {
    const k = Math.imul(tail, C1);
    h ^= Math.imul((k << 15) | (k >>> 17), C2);
  }
  return fmix(h ^ length);
}

/**
 * The low half of the 64-bit hash of bytes [start, end) of buf (signed int32). Callers that
 * already walk the bytes can compute the same value with HASH_LO_START, hashLoBlock, hashLoEnd.
 */
export function hashLo(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_LO_START;
  const blocksEnd = start + ((end - start) & ~3);
  let i = start;
  for (; i < blocksEnd; i += 4) h = hashLoBlock(h, buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= buf[i] << shift;
  return hashLoEnd(h, tail, end - start);
}

/** The high half of the 64-bit hash of bytes [start, end) of buf (signed int32). */
export function hashHi(buf: Uint8Array, start: number, end: number): number {
  let h = SEED_HI;
  const blocksEnd = start + ((end - start) & ~3);
  let i = start;
  while (i < blocksEnd) {
    let k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    k = Math.imul(k, C3);
    h ^= Math.imul((k << 17) | (k >>> 15), C4);
    h = (Math.imul((h << 11) | (h >>> 21), 5) + 0x38495ab5) | 0;
    i += 4;
  }
  const rest = end - blocksEnd;
  if (rest > 0) {
    let k = buf[i];
    if (rest > 1) k |= buf[i + 1] << 8;
    if (rest > 2) k |= buf[i + 2] << 16;
    k = Math.imul(k, C3);
    h ^= Math.imul((k << 17) | (k >>> 15), C4);
  }
  return fmix(h ^ (end - start));
}

/** Hashes bytes [start, end) of buf into out (both halves). */
export function hashBytes(buf: Uint8Array, start: number, end: number, out: HashPair): void {
  out.lo = hashLo(buf, start, end);
  out.hi = hashHi(buf, start, end);
}

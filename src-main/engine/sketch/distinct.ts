// Distinct counting of byte keys for one window: exact up to a limit, then a HyperLogLog.
// The exact phase keeps every key (with its hash) in a ByteKeyTable; when one more key would
// pass the limit, the stored hashes seed the HLL, so the estimate covers every key of the
// window and memory stops growing.

import { ByteKeyTable } from './byte-key-table';
import { hashHi, hashLo } from './hash';
import { checkPrecision, HyperLogLog } from './hll';
import type { KeySetKind, KeySetState } from './key-set';

export const DEFAULT_EXACT_LIMIT = 10_000;
export const DEFAULT_PRECISION = 14;

export class DistinctCounter {
  private readonly exactLimit: number;
  private readonly precision: number;
  private readonly table = new ByteKeyTable();
  /** Allocated at the first switch, then kept for later windows. */
  private hll: HyperLogLog | null = null;
  private isExact = true;

  /** exactLimit: distinct keys counted exactly (default 10_000); past it, a HyperLogLog of `precision` (default 14, ~0.8% standard error) takes over. */
  constructor(exactLimit = DEFAULT_EXACT_LIMIT, precision = DEFAULT_PRECISION) {
    this.exactLimit = checkExactLimit(exactLimit);
    this.precision = checkPrecision(precision);
  }

  add(buf: Uint8Array, start: number, end: number): void {
    this.addHashed(buf, start, end, hashLo(buf, start, end), hashHi(buf, start, end));
  }

  /** add() for a caller that has the key's hashLo() and hashHi() already (the window hashes a user once for every counter). */
  addHashed(buf: Uint8Array, start: number, end: number, lo: number, hi: number): void {
    if (this.isExact) {
      const table = this.table;
      if (table.find(buf, start, end, lo) >= 0) return;
      if (table.size < this.exactLimit) {
        table.insert(buf, start, end, lo, hi);
        return;
      }
      this.switchToEstimate();
    }
    (this.hll as HyperLogLog).addHash(lo, hi);
  }

  /** Exact count while exact, else the HLL estimate rounded to an integer. */
  get count(): number {
    return this.isExact ? this.table.size : Math.round((this.hll as HyperLogLog).estimate());
  }

  get exact(): boolean {
    return this.isExact;
  }

  /** Distinct keys counted exactly before the estimate takes over. */
  get limit(): number {
    return this.exactLimit;
  }

  /**
   * The whole state: while exact, the keys' hashes (53 of their 64 bits, see hashKey) sorted; then
   * the registers. There is no import: the exact phase keys on the bytes, which a state does not
   * carry; states merge as plain data (mergeKeySets with DISTINCT_KIND).
   */
  exportState(): KeySetState {
    if (!this.isExact) return { keys: null, registers: (this.hll as HyperLogLog).exportRegisters() };
    const table = this.table;
    const keys = new Float64Array(table.size);
    let n = 0;
    for (let id = 0; id < table.idLimit; id++) if (table.has(id)) keys[n++] = hashKey(table.hashLoOf(id), table.hashHiOf(id));
    return { keys: keys.sort(), registers: null };
  }

  /** Empties it for the next window, keeping allocated memory for reuse. */
  reset(): void {
    this.table.clear();
    this.hll?.clear();
    this.isExact = true;
  }

  private switchToEstimate(): void {
    const hll = (this.hll ??= new HyperLogLog(this.precision));
    const table = this.table;
    for (let id = 0; id < table.idLimit; id++) {
      if (table.has(id)) hll.addHash(table.hashLoOf(id), table.hashHiOf(id));
    }
    this.isExact = false;
  }
}

/** Validates an exact-phase limit (a non-negative integer); shared with NameCounts. */
export function checkExactLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`exactLimit must be a non-negative integer, got ${limit}`);
  }
  return limit;
}

/** 2^21: the span of lo's top 21 bits in a key. */
const LOW_SPAN = 2097152;

/**
 * A 64-bit hash (int32 halves) as a whole number below 2^53: hi whole and lo's top 21 bits. Two of
 * 10,000 keys share one with odds near 10^-8; an HLL of precision p reads lo only past hi's 32 − p
 * rank bits, so it drops lo's low 11 bits only for ranks above 53 − p (odds 2^-39 at p = 14).
 */
export function hashKey(lo: number, hi: number): number {
  return (hi >>> 0) * LOW_SPAN + (lo >>> 11);
}

/** How DistinctCounter's states merge (see key-set.ts), at the default limit and precision. */
export const DISTINCT_KIND: KeySetKind = {
  limit: DEFAULT_EXACT_LIMIT,
  precision: DEFAULT_PRECISION,
  addKey: (hll, key) => hll.addHash((key % LOW_SPAN) << 11, Math.floor(key / LOW_SPAN) | 0),
};

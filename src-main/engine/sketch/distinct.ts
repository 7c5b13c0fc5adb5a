// Distinct counting of byte keys for one window: exact up to a limit, then a HyperLogLog.
// The exact phase keeps every key (with its hash) in a ByteKeyTable; when one more key would
// pass the limit, the stored hashes seed the HLL, so the estimate covers every key of the
// window and memory stops growing.

import { ByteKeyTable } from './byte-key-table';
import { hashHi, hashLo } from './hash';
import { checkPrecision, HyperLogLog } from './hll';

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

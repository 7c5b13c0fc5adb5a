// HyperLogLog over 64-bit hashes (see hash.ts), with Ertl's improved estimator ("New
// cardinality estimation algorithms for HyperLogLog sketches", 2017). That estimator needs
// no empirical bias tables and blends linear counting (small ranges, many empty registers)
// with the raw estimate smoothly, so there is no bias bump between the two regimes: the
// count stays accurate right after a counter switches from exact to estimated.

export const MIN_PRECISION = 4;
export const MAX_PRECISION = 18;

const ALPHA_INF = 0.5 / Math.LN2;

export class HyperLogLog {
  readonly precision: number;
  private readonly registers: Uint8Array;
  /** Bits of the hash left after the register index: ranks run 1..rankBits+1. */
  private readonly rankBits: number;
  private readonly histogram: Float64Array;
  private cached = 0;
  private dirty = false;

  /** precision: log2 of the register count, 4 to 18. Default 14 (16,384 registers, ~0.81% standard error). */
  constructor(precision = 14) {
    this.precision = checkPrecision(precision);
    this.registers = new Uint8Array(1 << precision);
    this.rankBits = 64 - precision;
    this.histogram = new Float64Array(this.rankBits + 2);
  }

  /** Relative standard error of the estimate, 1.04 / sqrt(registers). */
  get standardError(): number {
    return 1.04 / Math.sqrt(this.registers.length);
  }

  /** Adds one key by its hash halves (int32 each, from hashBytes). */
  addHash(lo: number, hi: number): void {
    const p = this.precision;
    const index = hi >>> (32 - p);
    // The hash bits after the index, most significant first: the rest of hi, then lo.
    const rest = hi << p;
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : 32 - p + Math.clz32(lo) + 1;
    if (rank > this.registers[index]) {
      this.registers[index] = rank;
      this.dirty = true;
    }
  }

  /** Folds `other` (of the same precision) in: the sketch of the union of both key sets. */
  merge(other: HyperLogLog): void {
    this.mergeRegisters(other.registers);
  }

  /** merge() with another sketch's registers as exported (exportRegisters): the same count of them. */
  mergeRegisters(theirs: Uint8Array): void {
    const mine = this.registers;
    if (theirs.length !== mine.length) {
      throw new RangeError(`cannot merge HyperLogLogs of ${theirs.length} and ${mine.length} registers`);
    }
    for (let i = 0; i < mine.length; i++) {
      if (theirs[i] > mine[i]) {
        mine[i] = theirs[i];
        this.dirty = true;
      }
    }
  }

  /** The cardinality estimate (not rounded). */
  estimate(): number {
    if (!this.dirty) return this.cached;
    const m = this.registers.length;
    const q = this.rankBits;
    const c = this.histogram;
    c.fill(0);
    for (let i = 0; i < m; i++) c[this.registers[i]]++;
    let z = m * tau((m - c[q + 1]) / m);
    for (let k = q; k >= 1; k--) z = 0.5 * (z + c[k]);
    z += m * sigma(c[0] / m);
    this.cached = (ALPHA_INF * m * m) / z;
    this.dirty = false;
    return this.cached;
  }

  /** A copy of the registers, one byte each: the whole state (a window partial carries it as bytes). */
  exportRegisters(): Uint8Array {
    return this.registers.slice();
  }

  /**
   * The sketch whose registers are a copy of `registers` (from exportRegisters): their count gives
   * the precision. Throws a RangeError for a count that is not 2^4 to 2^18 or a rank no key can have.
   */
  static fromRegisters(registers: Uint8Array): HyperLogLog {
    const precision = Math.log2(registers.length);
    const hll = new HyperLogLog(checkPrecision(precision));
    const maxRank = hll.rankBits + 1;
    for (let i = 0; i < registers.length; i++) {
      if (registers[i] > maxRank) throw new RangeError(`HyperLogLog register ${i} holds rank ${registers[i]}, above ${maxRank}`);
    }
    hll.registers.set(registers);
    hll.dirty = true;
    return hll;
  }

  /** Forgets every key; keeps the registers allocated. */
  clear(): void {
    this.registers.fill(0);
    this.cached = 0;
    this.dirty = false;
  }
}

/** Validates a precision (an integer from 4 to 18), so that owners can fail before allocating. */
export function checkPrecision(precision: number): number {
  if (!Number.isInteger(precision) || precision < MIN_PRECISION || precision > MAX_PRECISION) {
    throw new RangeError(`HyperLogLog precision must be an integer from ${MIN_PRECISION} to ${MAX_PRECISION}, got ${precision}`);
  }
  return precision;
}

/** Ertl's sigma: the share of empty registers' contribution (the linear-counting part). */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const previous = z;
    z += x * y;
    y += y;
    if (z === previous) return z;
  }
}

/** Ertl's tau: the correction for registers that reached the largest possible rank. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === previous) return z / 3;
  }
}

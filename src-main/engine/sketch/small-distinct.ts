// Distinct counting for one event's users within a window, where thousands of events may each need
// one: exact while small (hashes in a little open-addressing table, no keys kept), then a
// HyperLogLog of modest precision. Much lighter than DistinctCounter (which keeps every key of the
// window's users up to 10,000) at the cost of counting by 52-bit hash: a collision between two of
// a few hundred users is about 1 in 10^11.
import { HyperLogLog } from './hll';

/** Distinct users counted exactly per event before the estimate takes over. */
export const SMALL_EXACT_LIMIT = 128;
/** Precision of the estimate past SMALL_EXACT_LIMIT: 4,096 registers (4 KiB), ~1.6% standard error. */
export const SMALL_PRECISION = 12;

const EMPTY = -1;
/** 2^20: the span of lo's top 20 bits in a key. */
const LOW_SPAN = 1048576;
/** Two slots per exact key keep probes short; a power of two for the mask. */
const SLOTS = 256;

export class SmallDistinct {
  /** The exact phase's hashes (52 bits as a double, EMPTY when free), null once estimating. */
  private slots: Float64Array | null = new Float64Array(SLOTS).fill(EMPTY);
  private size = 0;
  private hll: HyperLogLog | null = null;

  /** Adds a key by its hash halves (hashLo, hashHi of its bytes). */
  add(lo: number, hi: number): void {
    const hll = this.hll;
    if (hll !== null) {
      hll.addHash(lo, hi);
      return;
    }
    const slots = this.slots as Float64Array;
    // The key keeps hi whole and lo's top 20 bits (all the HLL reads of lo past hi's rank bits).
    const low = lo >>> 12;
    const key = (hi >>> 0) * LOW_SPAN + low;
    let i = (hi ^ low) & (SLOTS - 1);
    for (;;) {
      const held = slots[i];
      if (held === key) return;
      if (held === EMPTY) break;
      i = (i + 1) & (SLOTS - 1);
    }
    if (this.size === SMALL_EXACT_LIMIT) {
      this.estimateFrom(slots).addHash(lo, hi);
      return;
    }
    slots[i] = key;
    this.size++;
  }

  get count(): number {
    return this.hll === null ? this.size : Math.round(this.hll.estimate());
  }

  get exact(): boolean {
    return this.hll === null;
  }

  /** Folds `other` in, as if its keys had been added here. */
  merge(other: SmallDistinct): void {
    if (other.hll !== null) {
      (this.hll ?? this.estimateFrom(this.slots as Float64Array)).merge(other.hll);
      return;
    }
    const theirs = other.slots as Float64Array;
    for (let i = 0; i < SLOTS; i++) if (theirs[i] !== EMPTY) this.addKey(theirs[i]);
  }

  /** A key as the exact phase stores it, added back as the halves it came from. */
  private addKey(key: number): void {
    this.add((key % LOW_SPAN) << 12, Math.floor(key / LOW_SPAN) | 0);
  }

  private estimateFrom(slots: Float64Array): HyperLogLog {
    const hll = new HyperLogLog(SMALL_PRECISION);
    this.hll = hll;
    this.slots = null;
    this.size = 0;
    for (let i = 0; i < SLOTS; i++) {
      const key = slots[i];
      if (key !== EMPTY) hll.addHash((key % LOW_SPAN) << 12, Math.floor(key / LOW_SPAN) | 0);
    }
    return hll;
  }
}

// Distinct counting for one event's users within a window, where thousands of events may each need
// one: exact while small (52-bit hashes: the first few inline, then in a little open-addressing
// table; no keys kept), then a HyperLogLog of modest precision. Much lighter than DistinctCounter
// (which keeps every key of the window's users up to 10,000) at the cost of counting by hash: a
// collision between two of a few hundred users is about 1 in 10^11.
import { HyperLogLog } from './hll';
import { EMPTY_KEYS, type KeySetKind, type KeySetState } from './key-set';

/** Distinct users counted exactly per event before the estimate takes over. */
export const SMALL_EXACT_LIMIT = 128;
/** Precision of the estimate past SMALL_EXACT_LIMIT: 4,096 registers (4 KiB), ~1.6% standard error. */
export const SMALL_PRECISION = 12;

/** Keys held before the table is made: most events of a busy window have a user or two. */
const INLINE = 4;
const EMPTY = -1;
/** Two slots per exact key keep probes short; a power of two for the mask. */
const SLOTS = 256;
/** 2^20: the span of lo's top 20 bits in a key. */
const LOW_SPAN = 1048576;

/** The key of a hash: hi whole and lo's top 20 bits (all the HLL reads of lo past hi's rank bits). */
export function keyOf(lo: number, hi: number): number {
  return (hi >>> 0) * LOW_SPAN + (lo >>> 12);
}

export class SmallDistinct {
  private readonly inline = new Float64Array(INLINE);
  private nInline = 0;
  /** The exact phase's table once past INLINE keys (EMPTY slots free). */
  private slots: Float64Array | null = null;
  private size = 0;
  /** A table emptied by reset(), taken again when needed. */
  private spare: Float64Array | null = null;
  private hll: HyperLogLog | null = null;

  /** Adds a key by its hash halves (hashLo, hashHi of its bytes). */
  add(lo: number, hi: number): void {
    if (this.hll !== null) this.hll.addHash(lo, hi);
    else this.addKey(keyOf(lo, hi));
  }

  get count(): number {
    if (this.hll !== null) return Math.round(this.hll.estimate());
    return this.slots === null ? this.nInline : this.size;
  }

  get exact(): boolean {
    return this.hll === null;
  }

  /** Folds `other` in, as if its keys had been added here. */
  merge(other: SmallDistinct): void {
    if (other.hll !== null) {
      (this.hll ?? this.estimate()).merge(other.hll);
      return;
    }
    other.forEachKey((key) => this.addKeyOf(key));
  }

  /** The whole state: the exact keys (52-bit, see keyOf), sorted, or the estimate's registers. */
  exportState(): KeySetState {
    if (this.hll !== null) return { keys: null, registers: this.hll.exportRegisters() };
    const n = this.slots === null ? this.nInline : this.size;
    if (n === 0) return { keys: EMPTY_KEYS, registers: null };
    const keys = new Float64Array(n);
    let i = 0;
    this.forEachKey((key) => (keys[i++] = key));
    return { keys: keys.sort(), registers: null };
  }

  /** A SmallDistinct holding `state` (from exportState, or a merge of states of this kind). */
  static fromState(state: KeySetState): SmallDistinct {
    const s = new SmallDistinct();
    s.mergeState(state);
    return s;
  }

  /** merge() with a state (from exportState) rather than a SmallDistinct. */
  mergeState(state: KeySetState): void {
    if (state.registers !== null) (this.hll ?? this.estimate()).mergeRegisters(state.registers);
    else for (const key of state.keys as Float64Array) this.addKeyOf(key);
  }

  /** A key as keyOf() makes it (one kept elsewhere), into the estimate once there is one. */
  addKeyOf(key: number): void {
    if (this.hll !== null) addKeyTo(this.hll, key);
    else this.addKey(key);
  }

  /** Empties it, for another name or window (a table made stays, for reuse). */
  reset(): void {
    this.nInline = 0;
    this.size = 0;
    this.hll = null;
    if (this.slots !== null) {
      this.slots.fill(EMPTY);
      this.spare = this.slots;
      this.slots = null;
    }
  }

  private addKey(key: number): void {
    if (this.slots === null) {
      for (let i = 0; i < this.nInline; i++) if (this.inline[i] === key) return;
      if (this.nInline < INLINE) {
        this.inline[this.nInline++] = key;
        return;
      }
      this.makeTable();
    }
    const slots = this.slots as Float64Array;
    let i = (Math.floor(key / LOW_SPAN) ^ key) & (SLOTS - 1);
    for (;;) {
      const held = slots[i];
      if (held === key) return;
      if (held === EMPTY) break;
      i = (i + 1) & (SLOTS - 1);
    }
    if (this.size === SMALL_EXACT_LIMIT) {
      addKeyTo(this.estimate(), key);
      return;
    }
    slots[i] = key;
    this.size++;
  }

  private makeTable(): void {
    const slots = this.spare ?? new Float64Array(SLOTS).fill(EMPTY);
    this.spare = null;
    this.slots = slots;
    this.size = 0;
    const n = this.nInline;
    this.nInline = 0;
    for (let i = 0; i < n; i++) this.addKey(this.inline[i]!);
  }

  private forEachKey(visit: (key: number) => void): void {
    if (this.slots === null) {
      for (let i = 0; i < this.nInline; i++) visit(this.inline[i]!);
      return;
    }
    const slots = this.slots;
    for (let i = 0; i < SLOTS; i++) if (slots[i] !== EMPTY) visit(slots[i]!);
  }

  /** Turns the exact keys into an estimate and returns it. */
  private estimate(): HyperLogLog {
    const hll = new HyperLogLog(SMALL_PRECISION);
    this.forEachKey((key) => addKeyTo(hll, key));
    this.hll = hll;
    if (this.slots !== null) {
      this.slots.fill(EMPTY);
      this.spare = this.slots;
      this.slots = null;
    }
    this.nInline = 0;
    this.size = 0;
    return hll;
  }
}

/** How SmallDistinct's states merge (see key-set.ts). */
export const SMALL_DISTINCT_KIND: KeySetKind = { limit: SMALL_EXACT_LIMIT, precision: SMALL_PRECISION, addKey: addKeyTo };

/** A key back as the hash halves it came from. */
function addKeyTo(hll: HyperLogLog, key: number): void {
  hll.addHash((key % LOW_SPAN) << 12, Math.floor(key / LOW_SPAN) | 0);
}

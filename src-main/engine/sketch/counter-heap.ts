// The order Space-Saving needs over its counters (see name-counts.ts): on every miss, a counter
// of the smallest value, which the new name takes over and raises. Counters are table ids; the
// caller owns their values and reports every change.
//
// A plain min-heap pays O(log n) per miss exactly where misses abound: the raised counter
// usually lands just above the old minimum, by the new name's count (1 for a plain line, the
// step for a StatsD counter), among many counters of nearly the same values. So counters of
// whole values just above the smallest wait in a band of BAND lists, one per value, which moves
// up with the minimum (Dial's bucket queue): taking the head of the lowest list and linking the
// raised counter into the list of its new value cost O(1) whatever the steps. Counters of other
// values (far above the minimum: the heavy hitters; or fractional, from sample rates) stay in a
// 4-ary heap, and the smallest is whichever of the heap's top and the band's lowest is smaller.
//
// The heap keeps a copy of each value next to its id: four children side by side in one array
// make a sift half as deep as in a binary heap and free of a lookup per comparison.

/** Whole values the band holds, from its lowest up; a power of two (slots are taken modulo it). */
const BAND = 64;
const SLOT_MASK = BAND - 1;
/** Band values stay exact integers (and base + 1 exact) below this. */
const BAND_LIMIT = 2 ** 52;

export class CounterHeap {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  private length = 0;
  /** Where each id is: its index in the heap (≥ 0), or ~its slot in the band (< 0). */
  private readonly where: Int32Array;
  /** The band: per slot, the first id of its doubly linked list (-1 when empty). */
  private readonly heads = new Int32Array(BAND).fill(-1);
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private banded = 0;
  /** The band's lowest value (a whole number) and its slot; slot (baseSlot + k) & SLOT_MASK holds baseValue + k. */
  private baseValue = 0;
  private baseSlot = 0;

  /** idLimit: every id added is below it, and at most idLimit counters are held. */
  constructor(idLimit: number) {
    this.ids = new Int32Array(idLimit);
    this.keys = new Float64Array(idLimit);
    this.where = new Int32Array(idLimit);
    this.next = new Int32Array(idLimit);
    this.prev = new Int32Array(idLimit);
  }

  /** An id whose value is the smallest of all (with ties, any of them). Only when not empty. */
  get min(): number {
    if (this.banded > 0) {
      const heads = this.heads;
      // The band's values only rise, and so does its base: the slots passed are empty for good.
      while (heads[this.baseSlot] < 0) {
        this.baseSlot = (this.baseSlot + 1) & SLOT_MASK;
        this.baseValue++;
      }
      if (this.length === 0 || this.keys[0] >= this.baseValue) return heads[this.baseSlot];
    }
    return this.ids[0];
  }

  clear(): void {
    this.length = 0;
    if (this.banded > 0) this.heads.fill(-1);
    this.banded = 0;
  }

  /** Adds a counter to the heap without ordering: call heapify() after a batch of them. */
  append(id: number, value: number): void {
    this.ids[this.length] = id;
    this.keys[this.length] = value;
    this.where[id] = this.length++;
  }

  heapify(): void {
    for (let i = (this.length - 2) >> 2; i >= 0; i--) this.siftDown(i, this.ids[i], this.keys[i]);
  }

  /** Adds a counter of value `value`. */
  push(id: number, value: number): void {
    const slot = this.slotFor(value);
    if (slot >= 0) this.link(id, slot);
    else this.siftUp(this.length++, id, value);
  }

  /** Removes and returns a counter of the smallest value. Only when not empty. */
  popMin(): number {
    const id = this.min;
    const at = this.where[id];
    if (at < 0) this.unlink(id, ~at);
    else this.removeAt(at);
    return id;
  }

  /** Restores the order after id's value grew to `value`. */
  increased(id: number, value: number): void {
    const at = this.where[id];
    if (at < 0) {
      this.unlink(id, ~at);
      const slot = this.slotFor(value);
      if (slot >= 0) this.link(id, slot);
      else this.siftUp(this.length++, id, value);
      return;
    }
    const slot = this.slotFor(value);
    if (slot < 0) {
      this.siftDown(at, id, value);
      return;
    }
    this.removeAt(at);
    this.link(id, slot);
  }

  /**
   * The band slot of `value`, or -1 when the heap is to hold it. An empty band first moves to start
   * at the heap's smallest value (rounded up), so that values just above the minimum fit.
   */
  private slotFor(value: number): number {
    if (value !== Math.floor(value) || value >= BAND_LIMIT) return -1;
    if (this.banded === 0) {
      const low = this.length > 0 ? Math.ceil(this.keys[0]) : value;
      this.baseValue = low <= value ? low : value;
      this.baseSlot = 0;
    }
    const above = value - this.baseValue;
    return above >= 0 && above < BAND ? (this.baseSlot + above) & SLOT_MASK : -1;
  }

  private link(id: number, slot: number): void {
    const first = this.heads[slot];
    this.next[id] = first;
    this.prev[id] = -1;
    if (first >= 0) this.prev[first] = id;
    this.heads[slot] = id;
    this.where[id] = ~slot;
    this.banded++;
  }

  private unlink(id: number, slot: number): void {
    const after = this.next[id];
    const before = this.prev[id];
    if (before >= 0) this.next[before] = after;
    else this.heads[slot] = after;
    if (after >= 0) this.prev[after] = before;
    this.banded--;
  }

  /** Takes the counter at heap index `at` out; the heap's last fills the hole. */
  private removeAt(at: number): void {
    const last = --this.length;
    if (at === last) return;
    const id = this.ids[last];
    const value = this.keys[last];
    if (at > 0 && this.keys[(at - 1) >> 2] > value) this.siftUp(at, id, value);
    else this.siftDown(at, id, value);
  }

  /** Places (id, value) at i or below, moving smaller children up. */
  private siftDown(i: number, id: number, value: number): void {
    const { ids, keys, where } = this;
    const length = this.length;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= length) break;
      let child = first;
      let least = keys[first];
      const last = first + 3 < length ? first + 3 : length - 1;
      for (let c = first + 1; c <= last; c++) {
        if (keys[c] < least) {
          least = keys[c];
          child = c;
        }
      }
      if (least >= value) break;
      ids[i] = ids[child];
      keys[i] = least;
      where[ids[i]] = i;
      i = child;
    }
    ids[i] = id;
    keys[i] = value;
    where[id] = i;
  }

  /** Places (id, value) at i or above, moving larger parents down. */
  private siftUp(i: number, id: number, value: number): void {
    const { ids, keys, where } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (keys[parent] <= value) break;
      ids[i] = ids[parent];
      keys[i] = keys[parent];
      where[ids[i]] = i;
      i = parent;
    }
    ids[i] = id;
    keys[i] = value;
    where[id] = i;
  }
}

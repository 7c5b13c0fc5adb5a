// The order Space-Saving needs over its counters (see name-counts.ts): on every miss, a counter
// of the smallest value, which the new name takes over and raises. Counters are table ids; the
// caller owns their values and reports every change.
//
// A plain min-heap pays O(log n) per miss exactly where misses abound: the raised counter
// usually only just exceeds the old minimum (by the new name's count), so sifting it down from
// the root walks past every counter still at that minimum, to the bottom. Here the counters at
// the minimum wait apart, in a pool, for their turn: a miss takes one from the pool, and the
// raised counter enters the heap from the bottom, where it stops as soon as its parent is not
// larger. When many names come once each, the heap holds counters of nearly equal values, and
// both steps cost O(1). The pool is refilled from the heap's top once it runs dry.
//
// The heap is 4-ary and keeps a copy of each value next to its id: four children side by side in
// one array make a sift half as deep as in a binary heap and free of a lookup per comparison.

/** A refill rebuilds the heap when at least 1/REBUILD_SHARE of it sits at the minimum (see refill). */
const REBUILD_SHARE = 8;

export class CounterHeap {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  private length = 0;
  private readonly pool: Int32Array;
  private poolLength = 0;
  /** The value of every counter in the pool; no counter in the heap is smaller. */
  private poolValue = -Infinity;
  /** Where each id is: its index in the heap (≥ 0), or ~its index in the pool (< 0). */
  private readonly where: Int32Array;

  /** idLimit: every id added is below it, and at most idLimit counters are held. */
  constructor(idLimit: number) {
    this.ids = new Int32Array(idLimit);
    this.keys = new Float64Array(idLimit);
    this.pool = new Int32Array(idLimit);
    this.where = new Int32Array(idLimit);
  }

  /** An id whose value is the smallest of all (with ties, any of them). Only when not empty. */
  get min(): number {
    if (this.poolLength === 0) this.refill();
    return this.pool[this.poolLength - 1];
  }

  clear(): void {
    this.length = 0;
    this.poolLength = 0;
    this.poolValue = -Infinity;
  }

  /** Adds a counter without ordering: call heapify() after a batch of them. */
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
    if (this.poolLength > 0) {
      if (value === this.poolValue) {
        this.where[id] = ~this.poolLength;
        this.pool[this.poolLength++] = id;
        return;
      }
      // A new smallest value: the pool no longer holds the minimum, so it rejoins the heap.
      if (value < this.poolValue) this.drainPool();
    }
    this.siftUp(this.length++, id, value);
  }

  /** Removes and returns a counter of the smallest value. Only when not empty. */
  popMin(): number {
    const id = this.min;
    this.poolLength--;
    return id;
  }

  /** Restores the order after id's value grew to `value`. */
  increased(id: number, value: number): void {
    const at = this.where[id];
    if (at >= 0) {
      this.siftDown(at, id, value);
      return;
    }
    if (value === this.poolValue) return;
    // Out of the pool (the last one takes its place), into the heap.
    const last = this.pool[--this.poolLength];
    this.pool[~at] = last;
    this.where[last] = at;
    this.siftUp(this.length++, id, value);
  }

  /** Moves every heap counter of the smallest value into the empty pool. */
  private refill(): void {
    const { ids, keys, pool, where } = this;
    const value = keys[0];
    this.poolValue = value;
    // No child is smaller than its parent, so the counters at the minimum form a subtree at the
    // top: collect their heap indices breadth-first (in the pool's array, free until now).
    let n = 1;
    pool[0] = 0;
    for (let k = 0; k < n; k++) {
      const first = 4 * pool[k] + 1;
      const last = first + 3 < this.length ? first + 3 : this.length - 1;
      for (let c = first; c <= last; c++) if (keys[c] === value) pool[n++] = c;
    }
    if (n * REBUILD_SHARE < this.length) {
      // Few: take them from the top one at a time, O(log n) each.
      while (this.length > 0 && keys[0] === value) {
        const id = ids[0];
        where[id] = ~this.poolLength;
        pool[this.poolLength++] = id;
        const last = --this.length;
        if (last > 0) this.siftDown(0, ids[last], keys[last]);
      }
      return;
    }
    // Many (names that came once each and got the same count): one pass takes them all out and
    // the rest is re-heapified, O(n) in all rather than O(log n) each.
    for (let k = 0; k < n; k++) {
      const id = ids[pool[k]];
      pool[k] = id;
      where[id] = ~k;
    }
    this.poolLength = n;
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const id = ids[i];
      if (where[id] < 0) continue;
      ids[kept] = id;
      keys[kept] = keys[i];
      where[id] = kept++;
    }
    this.length = kept;
    this.heapify();
  }

  private drainPool(): void {
    const value = this.poolValue;
    while (this.poolLength > 0) this.siftUp(this.length++, this.pool[--this.poolLength], value);
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

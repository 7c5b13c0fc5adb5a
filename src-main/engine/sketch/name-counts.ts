// Per-window occurrence counts of event names, with the unique-name count and top-k, in
// memory bounded whatever the cardinality. Up to `exactLimit` distinct names every count is
// exact. Past it the unique count comes from a HyperLogLog (seeded with the hashes the table
// holds) and the table turns into Space-Saving (Metwally et al. 2005): on a miss with every
// counter taken, the smallest counter goes to the new name, which inherits its count. Every
// kept count then over-estimates by at most the smallest counter, and any name occurring more
// often than that smallest counter is kept. Each counter remembers the count it inherited (its
// `error`): count − error occurrences are guaranteed, and a name whose guaranteed count passes the
// smallest counter (the floor) surely occurs more often than any name not kept.

import type { EventCount } from '../../../src-shared/types';
import { ByteKeyTable } from './byte-key-table';
import { checkExactLimit, DEFAULT_EXACT_LIMIT, DEFAULT_PRECISION } from './distinct';
import { hashHi, hashLo } from './hash';
import { CounterHeap } from './counter-heap';
import { checkPrecision, HyperLogLog } from './hll';
import { DEFAULT_CAPACITY, compareCodeUnits, type NameCountsState } from './name-counts-state';

// The state's form and order live beside it: partials, the codec and merges use them without the table.
export { compareCodeUnits, emptyNameCounts, type NameCountsState } from './name-counts-state';

export interface NameCountsOptions {
  /** Distinct names counted exactly, each with its exact count. Default 10_000. */
  exactLimit?: number;
  /** Counters kept once past exactLimit (Space-Saving, or similar bounded heavy-hitters structure). Default max(exactLimit, 10_000). */
  capacity?: number;
  /** HLL precision for the unique count past exactLimit. Default 14. */
  precision?: number;
}

export class NameCounts {
  private readonly exactLimit: number;
  private readonly capacity: number;
  private readonly precision: number;
  private readonly table = new ByteKeyTable();
  /** All three allocated at the first switch, then kept for later windows. */
  private hll: HyperLogLog | null = null;
  private heap: CounterHeap | null = null;
  /** By counter id: the count a name inherited when it took the counter over (0 for names kept since the switch). */
  private errors: Float64Array | null = null;
  private isExact = true;
  private sum = 0;

  constructor(opts: NameCountsOptions = {}) {
    this.exactLimit = checkExactLimit(opts.exactLimit ?? DEFAULT_EXACT_LIMIT);
    const capacity = opts.capacity ?? Math.max(this.exactLimit, DEFAULT_CAPACITY);
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.precision = checkPrecision(opts.precision ?? DEFAULT_PRECISION);
  }

  /** Adds `count` occurrences (may be fractional: StatsD sample rates) of the name in bytes [start,end). */
  add(buf: Uint8Array, start: number, end: number, count: number): number {
    return this.addHashed(buf, start, end, hashLo(buf, start, end), count);
  }

  /** Called with a counter id just before the name holding it stops being kept (its counter goes to another name). */
  onEvict: ((id: number) => void) | null = null;

  /** The name a counter id holds. */
  nameOf(id: number): string {
    return this.table.nameOf(id);
  }

  /**
   * add() for a caller that has the name's hashLo() already (the parser computes it while reading
   * the name). Returns the name's counter id, which stays the name's while it is kept (see onEvict).
   */
  addHashed(buf: Uint8Array, start: number, end: number, lo: number, count: number): number {
    if (!(count >= 0 && count < Infinity)) {
      throw new RangeError(`an event count must be a finite number >= 0, got ${count}`);
    }
    this.sum += count;
    const table = this.table;
    let id = table.find(buf, start, end, lo);
    if (this.isExact) {
      if (id >= 0) {
        table.values[id] += count;
        return id;
      }
      if (table.size < this.exactLimit) {
        id = table.insert(buf, start, end, lo, hashHi(buf, start, end));
        table.values[id] = count; // read values after insert: it may have grown the array
        return id;
      }
      this.switchToEstimates(); // it may drop names, never add one: id stays -1
    }
    const heap = this.heap as CounterHeap;
    if (id < 0) {
      // Only a name not in the table can be new to the HLL: every kept name was added to it when
      // it came in (or at the switch), and adding a hash twice changes nothing.
      const hi = hashHi(buf, start, end);
      (this.hll as HyperLogLog).addHash(lo, hi);
      if (table.size < this.capacity) {
        id = table.insert(buf, start, end, lo, hi);
        table.values[id] = count;
        (this.errors as Float64Array)[id] = 0;
        heap.push(id, count);
        return id;
      }
      id = heap.min;
      this.onEvict?.(id);
      table.replace(id, buf, start, end, lo, hi); // the new name inherits the count
      (this.errors as Float64Array)[id] = table.values[id];
    }
    heap.increased(id, (table.values[id] += count));
    return id;
  }

  /** Number of distinct names: exact while uniqueExact, else an HLL estimate. */
  get unique(): number {
    return this.isExact ? this.table.size : Math.round((this.hll as HyperLogLog).estimate());
  }

  get uniqueExact(): boolean {
    return this.isExact;
  }

  /** Sum of all counts added. */
  get total(): number {
    return this.sum;
  }

  /**
   * The most any name not kept can have occurred: 0 while every name seen is kept, else the
   * smallest counter. A kept name with count − error above it surely stands out.
   */
  get floor(): number {
    if (this.isExact || this.table.size < this.capacity) return 0;
    return this.table.values[(this.heap as CounterHeap).min];
  }

  /** The top n that surely occur more often than any name not kept (all of top(n) while exact). */
  standouts(n: number): EventCount[] {
    const top = this.top(n);
    if (this.isExact) return top;
    const floor = this.floor;
    return top.filter((t) => t.count - (t.error ?? 0) > floor);
  }

  /** The counter ids of every name kept, in no order. */
  ids(): number[] {
    const table = this.table;
    const ids: number[] = [];
    for (let id = 0; id < table.idLimit; id++) if (table.has(id)) ids.push(id);
    return ids;
  }

  /** The counter ids of the n largest, largest first, ties by name ascending (code-unit order). */
  topIds(n: number): number[] {
    const table = this.table;
    const values = table.values;
    const ids = this.ids();
    const take = n > 0 ? Math.min(Math.floor(n), ids.length) : 0;
    if (take === 0) return [];
    ids.sort((a, b) => values[b] - values[a]);
    // Names are decoded only for the head, and only where counts tie.
    const cutoff = values[ids[take - 1]];
    let end = take;
    while (end < ids.length && values[ids[end]] === cutoff) end++;
    const head = ids.slice(0, end);
    head.sort((a, b) => values[b] - values[a] || compareCodeUnits(table.nameOf(a), table.nameOf(b)));
    head.length = take;
    return head;
  }

  /** A kept name's entry: exact count while uniqueExact; past it, the estimate with its `error`. */
  entryOf(id: number): EventCount {
    const table = this.table;
    return this.isExact
      ? { event: table.nameOf(id), count: table.values[id] }
      : { event: table.nameOf(id), count: table.values[id], error: (this.errors as Float64Array)[id] };
  }

  /** The n largest, largest first, ties by name ascending (code-unit order), as entryOf gives them. */
  top(n: number): EventCount[] {
    return this.topIds(n).map((id) => this.entryOf(id));
  }

  /** The counter ids of every name kept, by name in code-unit order: the order of exportState's names. */
  idsByName(): number[] {
    const table = this.table;
    const ids = this.ids();
    const names = ids.map((id) => table.nameOf(id));
    const order = ids.map((_, i) => i).sort((i, j) => compareCodeUnits(names[i]!, names[j]!));
    return order.map((i) => ids[i]!);
  }

  /** The whole state, names in the order of `ids` (default idsByName(), the order a state keeps). */
  exportState(ids: readonly number[] = this.idsByName()): NameCountsState {
    const table = this.table;
    const n = ids.length;
    const names = new Array<string>(n);
    const counts = new Float64Array(n);
    const errors = this.isExact ? null : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      names[i] = table.nameOf(id);
      counts[i] = table.values[id];
      if (errors !== null) errors[i] = (this.errors as Float64Array)[id];
    }
    return {
      exact_limit: this.exactLimit,
      capacity: this.capacity,
      exact: this.isExact,
      names,
      counts,
      errors,
      floor: this.floor,
      registers: this.isExact ? null : (this.hll as HyperLogLog).exportRegisters(),
    };
  }

  /**
   * A NameCounts holding `state` (from exportState, or a merge), to count on from there. Its total
   * is the sum of the counts: exact while exact, an over-statement once counts are estimates.
   */
  static fromState(state: NameCountsState): NameCounts {
    const precision = state.registers === null ? DEFAULT_PRECISION : Math.log2(state.registers.length);
    const nc = new NameCounts({ exactLimit: state.exact_limit, capacity: state.capacity, precision });
    const table = nc.table;
    const encoder = new TextEncoder();
    if (!state.exact) {
      nc.isExact = false;
      nc.hll = HyperLogLog.fromRegisters(state.registers as Uint8Array);
      nc.heap = new CounterHeap(Math.max(nc.exactLimit, nc.capacity));
      nc.errors = new Float64Array(Math.max(nc.exactLimit, nc.capacity));
    }
    for (let i = 0; i < state.names.length; i++) {
      const bytes = encoder.encode(state.names[i]);
      const id = table.insert(bytes, 0, bytes.length, hashLo(bytes, 0, bytes.length), hashHi(bytes, 0, bytes.length));
      table.values[id] = state.counts[i]!;
      nc.sum += state.counts[i]!;
      if (nc.isExact) continue;
      (nc.errors as Float64Array)[id] = (state.errors as Float64Array)[i]!;
      (nc.heap as CounterHeap).append(id, state.counts[i]!);
    }
    nc.heap?.heapify();
    return nc;
  }

  /** Empties it for the next window, keeping allocated memory for reuse. */
  reset(): void {
    this.table.clear();
    this.hll?.clear();
    this.heap?.clear();
    this.isExact = true;
    this.sum = 0;
  }

  /** Seeds the HLL with every name so far and turns the table into Space-Saving counters. */
  private switchToEstimates(): void {
    const table = this.table;
    const hll = (this.hll ??= new HyperLogLog(this.precision));
    const heap = (this.heap ??= new CounterHeap(Math.max(this.exactLimit, this.capacity)));
    const errors = (this.errors ??= new Float64Array(Math.max(this.exactLimit, this.capacity)));
    errors.fill(0);
    heap.clear();
    for (let id = 0; id < table.idLimit; id++) {
      if (!table.has(id)) continue;
      hll.addHash(table.hashLoOf(id), table.hashHiOf(id));
      heap.append(id, table.values[id]);
    }
    heap.heapify();
    // With fewer counters than exact names, the smallest go: every kept count stays exact.
    while (table.size > this.capacity) {
      const id = heap.popMin();
      this.onEvict?.(id);
      table.remove(id);
    }
    this.isExact = false;
  }
}

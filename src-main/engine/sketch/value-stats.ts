// The values of one event in one window (DESIGN §8): count, sum, min and max exact; quantiles from
// a DDSketch at 1 % relative accuracy (Masson et al. 2019: the sketch Datadog runs in production,
// and mergeable, so shards and nodes can combine windows). Most names of a busy window get a few
// values only, so the first FEW are kept as they came (their quantiles are then exact) and the
// sketch is made only past them: a million once-seen names cost a million small records, not a
// million sketches. A StatsD counter's steps count in count, sum, min and max but have no
// quantiles (the steps of a counter are not a distribution worth ranking).
import type { DDSketch } from '@datadog/sketches-js';
import type { EventValues } from '../../../src-shared/types';
import { addSketch, addSketchState, mergeSketchStates, newSketch, pairsSketchState, sketchState, type SketchState } from './ddsketch-state';

export { QUANTILE_ACCURACY } from './ddsketch-state';
/** Values kept as they came before a sketch takes over. */
export const FEW_VALUES = 8;
const FEW = FEW_VALUES;

/**
 * Bin keys of the integers 1 to KEYED − 1, from the sketch's own mapping. Timers are mostly whole
 * milliseconds, and the logarithm behind a key is most of what one value costs the sketch: with
 * the table a timer line costs about as much as a counter line (bench/hot-path.ts, "timer").
 */
const KEYED = 4096;
const KEYS = (() => {
  const mapping = newSketch().mapping;
  const keys = new Int32Array(KEYED);
  for (let v = 1; v < KEYED; v++) keys[v] = mapping.key(v);
  return keys;
})();

/**
 * sketch.accept(value, weight) for a positive weight, the table's way for whole values in range.
 * Only the sketch's count is kept up to date (its quantiles rank by it): its own sum, min and max
 * are never read, since ValueStats keeps them.
 */
function accept(sketch: DDSketch, value: number, weight: number): void {
  if (value >= 1 && value < KEYED && (value | 0) === value) {
    sketch.store.add(KEYS[value]!, weight);
    sketch.count += weight;
  } else sketch.accept(value, weight);
}

/** The whole state of a ValueStats, as plain data. */
export interface ValueStatsState {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** While at most 8 values have quantiles: (value, weight) pairs, sorted by value then weight; empty once a sketch holds them. */
  few: Float64Array;
  /** The sketch past 8 values, else null. */
  sketch: SketchState | null;
}

export class ValueStats {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Values that have quantiles: (value, weight) pairs while few, the sketch past them. */
  private readonly few = new Float64Array(2 * FEW);
  private nFew = 0;
  private sketch: DDSketch | null = null;

  /** A measurement (or gauge level) with a weight: a timer sampled at rate r stands for 1/r values. */
  add(value: number, weight: number): void {
    this.addStep(value, weight);
    this.rank(value, weight);
  }

  /** A counter step: in count, sum, min and max, not in the quantiles. */
  addStep(value: number, weight: number): void {
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Folds `other` in: the same as if its values had been added here. */
  merge(other: ValueStats): void {
    if (other.count === 0) return;
    this.addTotals(other.count, other.sum, other.min, other.max);
    this.mergeRanks(other);
  }

  /** Folds in only the values `other` ranks (its quantiles), not its count, sum, min or max. */
  mergeRanks(other: ValueStats): void {
    if (other.sketch) addSketch(this.sketch ?? this.makeSketch(), other.sketch);
    for (let i = 0; i < other.nFew; i++) this.rank(other.few[2 * i]!, other.few[2 * i + 1]!);
  }

  /** merge() with a state (from exportState) rather than a ValueStats. */
  mergeState(other: ValueStatsState): void {
    if (other.count === 0) return;
    this.addTotals(other.count, other.sum, other.min, other.max);
    if (other.sketch) addSketchState(this.sketch ?? this.makeSketch(), other.sketch);
    for (let i = 0; i < other.few.length; i += 2) this.rank(other.few[i]!, other.few[i + 1]!);
  }

  /** Adds the count, sum, min and max of values ranked elsewhere (or counter steps). */
  addTotals(count: number, sum: number, min: number, max: number): void {
    this.count += count;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** The whole state, as plain data (the few values sorted, so that equal states compare equal). */
  exportState(): ValueStatsState {
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      few: sortedPairs(this.few.subarray(0, 2 * this.nFew)),
      sketch: this.sketch ? sketchState(this.sketch) : null,
    };
  }

  /** A ValueStats holding `state` (from exportState or a merge). */
  static fromState(state: ValueStatsState): ValueStats {
    const v = new ValueStats();
    v.mergeState(state);
    return v;
  }

  /** Empties it, for another name or window. */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.nFew = 0;
    this.sketch = null;
  }

  /**
   * What a window reports, null when no value came; quantiles null when only counter steps came.
   * Sketch quantiles are clamped into [min, max], which the sketch's buckets can overshoot.
   */
  result(): EventValues | null {
    if (this.count === 0) return null;
    const base = { count: this.count, sum: this.sum, min: this.min, max: this.max, mean: this.sum / this.count };
    const sketch = this.sketch;
    if (sketch) {
      const q = (p: number) => Math.min(this.max, Math.max(this.min, sketch.getValueAtQuantile(p)));
      return { ...base, p50: q(0.5), p90: q(0.9), p99: q(0.99) };
    }
    if (this.nFew === 0) return { ...base, p50: null, p90: null, p99: null };
    return { ...base, p50: this.fewQuantile(0.5), p90: this.fewQuantile(0.9), p99: this.fewQuantile(0.99) };
  }

  /** A value for the quantiles only: count, sum, min and max are the caller's (see addTotals). */
  rank(value: number, weight: number): void {
    if (this.sketch) {
      accept(this.sketch, value, weight);
      return;
    }
    if (this.nFew < FEW) {
      this.few[2 * this.nFew] = value;
      this.few[2 * this.nFew + 1] = weight;
      this.nFew++;
      return;
    }
    accept(this.makeSketch(), value, weight);
  }

  /** The sketch, with the few values so far moved into it. */
  private makeSketch(): DDSketch {
    const sketch = newSketch();
    for (let i = 0; i < this.nFew; i++) accept(sketch, this.few[2 * i]!, this.few[2 * i + 1]!);
    this.nFew = 0;
    this.sketch = sketch;
    return sketch;
  }

  /** The exact weighted quantile of the few values, at rank q·(total − 1) as the sketch ranks. */
  private fewQuantile(q: number): number {
    const order = Array.from({ length: this.nFew }, (_, i) => i).sort((a, b) => this.few[2 * a]! - this.few[2 * b]!);
    let total = 0;
    for (let i = 0; i < this.nFew; i++) total += this.few[2 * i + 1]!;
    const rank = q * (total - 1);
    let seen = 0;
    for (const i of order) {
      seen += this.few[2 * i + 1]!;
      if (seen > rank) return this.few[2 * i]!;
    }
    return this.few[2 * order[order.length - 1]!]!;
  }
}

/**
 * The values of both states, as one ValueStats fed both would hold them (ValueStats.merge on plain
 * data): up to FEW_VALUES values with quantiles stay as they came, past them a sketch holds all.
 * Pure; a side left unchanged may be shared with the result.
 */
export function mergeValueStates(a: ValueStatsState, b: ValueStatsState): ValueStatsState {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const base = { count: a.count + b.count, sum: a.sum + b.sum, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
  const few = mergeSortedPairs(a.few, b.few);
  if (a.sketch === null && b.sketch === null && few.length <= 2 * FEW) return { ...base, few, sketch: null };
  let sketch = a.sketch && b.sketch ? mergeSketchStates(a.sketch, b.sketch) : (a.sketch ?? b.sketch);
  if (few.length > 0) {
    const kept = pairsSketchState(few);
    sketch = sketch ? mergeSketchStates(sketch, kept) : kept;
  }
  return { ...base, few: NO_PAIRS, sketch };
}

const NO_PAIRS = new Float64Array(0);

/** (value, weight) pairs sorted by value, then weight: one order for the same values however they came. */
function sortedPairs(pairs: Float64Array): Float64Array {
  const n = pairs.length / 2;
  if (n === 0) return NO_PAIRS;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => pairs[2 * i]! - pairs[2 * j]! || pairs[2 * i + 1]! - pairs[2 * j + 1]!,
  );
  const out = new Float64Array(2 * n);
  order.forEach((from, to) => {
    out[2 * to] = pairs[2 * from]!;
    out[2 * to + 1] = pairs[2 * from + 1]!;
  });
  return out;
}

function mergeSortedPairs(a: Float64Array, b: Float64Array): Float64Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let n = 0; n < out.length; n += 2) {
    const takeA = j >= b.length || (i < a.length && (a[i]! < b[j]! || (a[i] === b[j] && a[i + 1]! <= b[j + 1]!)));
    const [from, at] = takeA ? [a, i] : [b, j];
    out[n] = from[at]!;
    out[n + 1] = from[at + 1]!;
    if (takeA) i += 2;
    else j += 2;
  }
  return out;
}

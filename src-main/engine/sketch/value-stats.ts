// The values of one event in one window (DESIGN §8): count, sum, min and max exact; quantiles from
// a DDSketch at 1 % relative accuracy (Masson et al. 2019: the sketch Datadog runs in production,
// and mergeable, so shards and nodes can combine windows). Most names of a busy window get a few
// values only, so the first FEW are kept as they came (their quantiles are then exact) and the
// sketch is made only past them: a million once-seen names cost a million small records, not a
// million sketches. A StatsD counter's steps count in count, sum, min and max but have no
// quantiles (the steps of a counter are not a distribution worth ranking).
import { DDSketch } from '@datadog/sketches-js';
import type { EventValues } from '../../../src-shared/types';

/** Relative accuracy of the quantiles: a reported p99 is within 1 % of a true value at that rank. */
export const QUANTILE_ACCURACY = 0.01;
/** Values kept as they came before a sketch takes over. */
const FEW = 8;

/**
 * into.merge(from), with the negative values too: sketches-js 2.1.1's merge folds only the store of
 * positive values unless `into` is empty (then it copies both), so negative values were lost.
 */
function mergeSketch(into: DDSketch, from: DDSketch): void {
  const copies = into.count === 0;
  into.merge(from);
  if (!copies) into.negativeStore.merge(from.negativeStore);
}

/** The non-empty bins of one DDSketch store: keys ascending, each with its weight. */
export interface StoreState {
  /** Total weight in the store, as accumulated (kept as is, so quantile ranks come out bit-identical). */
  count: number;
  keys: Int32Array;
  counts: Float64Array;
}

/** A DDSketch (1 % relative accuracy, logarithmic mapping) as plain data. */
export interface SketchState {
  /** Total weight: zero + both stores, as accumulated. */
  count: number;
  /** Weight of the values too close to 0 for a bin. */
  zero: number;
  positive: StoreState;
  negative: StoreState;
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
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other.sketch) mergeSketch(this.sketch ?? this.makeSketch(), other.sketch);
    for (let i = 0; i < other.nFew; i++) this.rank(other.few[2 * i]!, other.few[2 * i + 1]!);
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

  private rank(value: number, weight: number): void {
    if (this.sketch) {
      this.sketch.accept(value, weight);
      return;
    }
    if (this.nFew < FEW) {
      this.few[2 * this.nFew] = value;
      this.few[2 * this.nFew + 1] = weight;
      this.nFew++;
      return;
    }
    this.makeSketch().accept(value, weight);
  }

  /** The sketch, with the few values so far moved into it. */
  private makeSketch(): DDSketch {
    const sketch = new DDSketch({ relativeAccuracy: QUANTILE_ACCURACY });
    for (let i = 0; i < this.nFew; i++) sketch.accept(this.few[2 * i]!, this.few[2 * i + 1]!);
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

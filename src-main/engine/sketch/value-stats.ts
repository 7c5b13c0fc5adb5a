// The values of one event in one window (DESIGN §8): count, sum, min and max exact; quantiles from
// a DDSketch at 1 % relative accuracy (Masson et al. 2019: the sketch Datadog runs in production,
// and mergeable, so shards and nodes can combine windows). The sketch is made on the first value,
// so events without values cost nothing.
import { DDSketch } from '@datadog/sketches-js';
import type { EventValues } from '../../../src-shared/types';

/** Relative accuracy of the quantiles: a reported p99 is within 1 % of a true value at that rank. */
export const QUANTILE_ACCURACY = 0.01;

/**
 * into.merge(from), with the negative values too: sketches-js 2.1.1's merge folds only the store of
 * positive values unless `into` is empty (then it copies both), so negative values were lost.
 */
function mergeSketch(into: DDSketch, from: DDSketch): void {
  const copies = into.count === 0;
  into.merge(from);
  if (!copies) into.negativeStore.merge(from.negativeStore);
}

export class ValueStats {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private sketch: DDSketch | null = null;

  /** Adds `value` with a weight (a sampled timer at rate r stands for 1/r values). */
  add(value: number, weight: number): void {
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    (this.sketch ??= new DDSketch({ relativeAccuracy: QUANTILE_ACCURACY })).accept(value, weight);
  }

  /** Folds `other` in: the same as if its values had been added here. */
  merge(other: ValueStats): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other.sketch) mergeSketch((this.sketch ??= new DDSketch({ relativeAccuracy: QUANTILE_ACCURACY })), other.sketch);
  }

  /** What a window reports, null when no value came. Quantiles are clamped into [min, max], which the sketch's buckets can overshoot. */
  result(): EventValues | null {
    if (this.count === 0 || !this.sketch) return null;
    const q = (p: number) => Math.min(this.max, Math.max(this.min, this.sketch!.getValueAtQuantile(p)));
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      mean: this.sum / this.count,
      p50: q(0.5),
      p90: q(0.9),
      p99: q(0.99),
    };
  }
}

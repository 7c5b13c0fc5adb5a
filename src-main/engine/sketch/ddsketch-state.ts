// A DDSketch (@datadog/sketches-js) as plain data and back, and merges of both forms. The library's
// own serialisation needs protobufjs and drops the store counts; here each store is its non-empty
// bins, keys ascending, which a partial encodes as (key, weight) pairs. Merging adds bin weights
// key by key: what one sketch fed both value streams would hold. The library's merge is not used:
// it folds only the positive store unless the target is empty (losing negative values), and its
// range extension reads a key of 0 as "no key" (`secondKey || key`), so a store whose largest key
// is 0 (values near 1) could land outside the bins of a target whose keys are all negative.
import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of the quantiles: a reported p99 is within 1 % of a true value at that rank. */
export const QUANTILE_ACCURACY = 0.01;

/** The non-empty bins of one DDSketch store: keys ascending, each with its weight. */
export interface StoreState {
  /** Total weight in the store, as accumulated (kept as is, so quantile ranks come out bit-identical). */
  count: number;
  keys: Int32Array;
  counts: Float64Array;
}

/** A DDSketch (QUANTILE_ACCURACY, logarithmic mapping) as plain data. */
export interface SketchState {
  /** Total weight: zero + both stores, as accumulated. */
  count: number;
  /** Weight of the values too close to 0 for a bin. */
  zero: number;
  positive: StoreState;
  negative: StoreState;
}

type Store = DDSketch['store'];

/**
 * Bins a store grows by: 16, not the library's 128. A name's values in one window mostly fall in a
 * narrow range, and each of thousands of names has a sketch: at 10,000 timer names of one value each,
 * 128-bin stores were most of the window's memory. Where the bins sit does not change a quantile.
 */
const STORE_CHUNK = 16;
/** One mapping for every sketch (it is read only); the library makes one per sketch, as many objects again. */
const SHARED_MAPPING = new DDSketch({ relativeAccuracy: QUANTILE_ACCURACY }).mapping;

export function newSketch(): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: QUANTILE_ACCURACY });
  sketch.mapping = SHARED_MAPPING;
  sketch.store.chunkSize = STORE_CHUNK;
  sketch.negativeStore.chunkSize = STORE_CHUNK;
  return sketch;
}

export function sketchState(sketch: DDSketch): SketchState {
  return {
    count: sketch.count,
    zero: sketch.zeroCount,
    positive: storeState(sketch.store),
    negative: storeState(sketch.negativeStore),
  };
}

/** The sketch a state describes (its quantiles are those of the sketch exported). */
export function sketchOf(state: SketchState): DDSketch {
  const sketch = newSketch();
  addSketchState(sketch, state);
  return sketch;
}

/** into.merge(from), done bin by bin (see the top of this file for why not the library's). */
export function addSketch(into: DDSketch, from: DDSketch): void {
  addSketchState(into, sketchState(from));
}

/** Adds the values a state holds to a sketch: the sketch of both. Counts are summed as the library sums them (0 + x = x). */
export function addSketchState(into: DDSketch, from: SketchState): void {
  addStore(into.store, from.positive);
  addStore(into.negativeStore, from.negative);
  into.zeroCount += from.zero;
  into.count += from.count;
}

const MAPPING = SHARED_MAPPING;

/**
 * The state a fresh sketch would hold after accepting each (value, weight) pair of `pairs` in
 * order, made without a sketch: merging many partials turns their few kept values into sketch
 * bins name by name, and a DDSketch object (and its dense stores) per name was most of that cost.
 */
export function pairsSketchState(pairs: Float64Array): SketchState {
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  let zero = 0;
  let count = 0;
  let positiveCount = 0;
  let negativeCount = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const value = pairs[i]!;
    const weight = pairs[i + 1]!;
    if (value > MAPPING.minPossible) {
      const key = MAPPING.key(value);
      positive.set(key, (positive.get(key) ?? 0) + weight);
      positiveCount += weight;
    } else if (value < -MAPPING.minPossible) {
      const key = MAPPING.key(-value);
      negative.set(key, (negative.get(key) ?? 0) + weight);
      negativeCount += weight;
    } else zero += weight;
    count += weight;
  }
  return { count, zero, positive: binsOf(positive, positiveCount), negative: binsOf(negative, negativeCount) };
}

function binsOf(bins: Map<number, number>, count: number): StoreState {
  const keys = Int32Array.from(bins.keys()).sort();
  const counts = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) counts[i] = bins.get(keys[i]!)!;
  return { count, keys, counts };
}

/** The sketch of both states' values. Pure. */
export function mergeSketchStates(a: SketchState, b: SketchState): SketchState {
  return {
    count: a.count + b.count,
    zero: a.zero + b.zero,
    positive: mergeStores(a.positive, b.positive),
    negative: mergeStores(a.negative, b.negative),
  };
}

function storeState(store: Store): StoreState {
  const bins = store.bins;
  let n = 0;
  for (let i = 0; i < bins.length; i++) if (bins[i] !== 0) n++;
  const keys = new Int32Array(n);
  const counts = new Float64Array(n);
  n = 0;
  for (let i = 0; i < bins.length; i++) {
    if (bins[i] === 0) continue;
    keys[n] = i + store.offset;
    counts[n++] = bins[i]!;
  }
  return { count: store.count, keys, counts };
}

function addStore(into: Store, from: StoreState): void {
  // add() sums each weight into the count too: set it once, as the two stores' counts summed.
  const count = into.count + from.count;
  for (let i = 0; i < from.keys.length; i++) into.add(from.keys[i]!, from.counts[i]!);
  into.count = count;
}

function mergeStores(a: StoreState, b: StoreState): StoreState {
  const count = a.count + b.count;
  if (b.keys.length === 0) return { count, keys: a.keys, counts: a.counts };
  if (a.keys.length === 0) return { count, keys: b.keys, counts: b.counts };
  const keys = new Int32Array(a.keys.length + b.keys.length);
  const counts = new Float64Array(keys.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const ka = i < a.keys.length ? a.keys[i]! : Infinity;
    const kb = j < b.keys.length ? b.keys[j]! : Infinity;
    if (ka <= kb) {
      keys[n] = ka;
      counts[n] = a.counts[i++]!;
      if (ka === kb) counts[n] += b.counts[j++]!;
    } else {
      keys[n] = kb;
      counts[n] = b.counts[j++]!;
    }
    n++;
  }
  // Copies rather than views: a clone or an encoder would carry a view's whole buffer.
  return n === keys.length ? { count, keys, counts } : { count, keys: keys.slice(0, n), counts: counts.slice(0, n) };
}

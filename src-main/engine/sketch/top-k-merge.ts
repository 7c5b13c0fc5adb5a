// The merge of two Space-Saving summaries (event names in NameCounts, tag values in TagCounts), after
// Agarwal et al. 2012, "Mergeable Summaries" (§2: Misra-Gries, which Space-Saving with k counters
// is isomorphic to with k − 1). A summary lists labels in code-unit order, each with an upper bound
// `count` on its true count and an `error` (count − error is a lower bound), and a `floor`: the most
// any label it does not list can have. An exact summary has floor 0 and no errors.
//
// Merge: every label either lists is a candidate, with count a(x) + b(x) and error ea(x) + eb(x),
// where a side that does not list x counts its floor for both (its true count there is in
// [0, floor]). Past k candidates the k largest are kept (ties by label, so that the merge is
// commutative) and
//     floor = max(floor_a + floor_b, the largest count not kept).
// Bounds kept, whatever the merge tree (each follows from the same bounds of the inputs):
//   - every kept label's true count lies in [count − error, count], and error ≤ floor;
//   - a label whose true count exceeds the floor is kept;
//   - floor ≤ n / k, n being the total count merged. In Misra-Gries terms (g = count − floor),
//     Σ g + k·floor ≤ n holds for one summary (Space-Saving's counters sum to n, and the k of
//     them each hold at least the floor) and is kept by the merge: the kept g' sum to the top k
//     of g_a + g_b less k·(floor' − floor_a − floor_b), so Σ g' + k·floor' ≤ Σ g_a + Σ g_b + k·floor_a + k·floor_b.

/** A Space-Saving summary as plain data. */
export interface TopKSummary {
  /** Ascending code-unit order, no repeats. */
  labels: readonly string[];
  counts: Float64Array;
  /** null: every count is exact (error 0). */
  errors: Float64Array | null;
  floor: number;
}

/** The union of two summaries' labels, before any is dropped. */
export interface TopKCandidates {
  labels: string[];
  counts: Float64Array;
  errors: Float64Array;
  /** For each candidate, its index in a and in b, -1 where that side does not list it. */
  fromA: Int32Array;
  fromB: Int32Array;
  /** floor_a + floor_b: the most a label neither lists can have. */
  floor: number;
}

/** Every label of either summary with its merged count and error (see the top of this file). */
export function topKCandidates(a: TopKSummary, b: TopKSummary): TopKCandidates {
  const na = a.labels.length;
  const nb = b.labels.length;
  const labels: string[] = [];
  const counts = new Float64Array(na + nb);
  const errors = new Float64Array(na + nb);
  const fromA = new Int32Array(na + nb);
  const fromB = new Int32Array(na + nb);
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    const la = i < na ? a.labels[i]! : null;
    const lb = j < nb ? b.labels[j]! : null;
    const n = labels.length;
    // A label below the other's (or the other side done) comes alone; equal labels come together.
    const takeA = la !== null && (lb === null || la <= lb);
    const takeB = lb !== null && (la === null || lb <= la);
    labels.push((takeA ? la : lb) as string);
    fromA[n] = takeA ? i : -1;
    fromB[n] = takeB ? j : -1;
    counts[n] = (takeA ? a.counts[i]! : a.floor) + (takeB ? b.counts[j]! : b.floor);
    errors[n] = (takeA ? (a.errors?.[i] ?? 0) : a.floor) + (takeB ? (b.errors?.[j] ?? 0) : b.floor);
    if (takeA) i++;
    if (takeB) j++;
  }
  const n = labels.length;
  return {
    labels,
    counts: counts.slice(0, n),
    errors: errors.slice(0, n),
    fromA: fromA.slice(0, n),
    fromB: fromB.slice(0, n),
    floor: a.floor + b.floor,
  };
}

/**
 * Which candidates a summary of `k` counters keeps (the k largest, ties by label; all when no more
 * than k), and its floor. `kept[i]` is 1 for a kept candidate.
 */
export function selectTopK(c: TopKCandidates, k: number): { kept: Uint8Array; floor: number } {
  const n = c.labels.length;
  const kept = new Uint8Array(n);
  if (n <= k) {
    kept.fill(1);
    return { kept, floor: c.floor };
  }
  // Candidates come in label order and the sort is stable: equal counts stay in label order.
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => c.counts[y]! - c.counts[x]!);
  for (let r = 0; r < k; r++) kept[order[r]!] = 1;
  return { kept, floor: Math.max(c.floor, c.counts[order[k]!]!) };
}

/** The merged summary of `k` counters, with where each kept label came from. Pure. */
export function mergeTopK(a: TopKSummary, b: TopKSummary, k: number): TopKCandidates {
  const c = topKCandidates(a, b);
  const { kept, floor } = selectTopK(c, k);
  return keepOnly(c, kept, floor);
}

/** The candidates marked kept, in label order, with the floor given. */
export function keepOnly(c: TopKCandidates, kept: Uint8Array, floor: number): TopKCandidates {
  let n = 0;
  for (let i = 0; i < kept.length; i++) n += kept[i]!;
  if (n === kept.length) return { ...c, floor };
  const out: TopKCandidates = {
    labels: [],
    counts: new Float64Array(n),
    errors: new Float64Array(n),
    fromA: new Int32Array(n),
    fromB: new Int32Array(n),
    floor,
  };
  for (let i = 0, m = 0; i < kept.length; i++) {
    if (kept[i] === 0) continue;
    out.labels.push(c.labels[i]!);
    out.counts[m] = c.counts[i]!;
    out.errors[m] = c.errors[i]!;
    out.fromA[m] = c.fromA[i]!;
    out.fromB[m++] = c.fromB[i]!;
  }
  return out;
}

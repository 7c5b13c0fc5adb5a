// A window partial (DESIGN §9): the whole state of one window as one shard saw it, as plain data
// (numbers, strings, typed arrays, arrays and objects; no class instances), so that it crosses
// postMessage as it is and encodes compactly (partial-codec.ts) for the cluster. Ingest workers
// each run an Aggregator and hand the partials of their windows to a coordinator, which merges
// them and makes the window's record from the merge (partial-record.ts).
//
// mergePartials is pure, commutative, and associative on the exact fields: events, bytes,
// rejected (and by reason), late, per-second counts (so peak_rate), exact distinct sets and
// counts, value count/min/max; value sums only up to float rounding (a float sum depends on its
// order). Estimates stay within their bounds whatever the merge tree: unique counts past the exact
// limit are the HyperLogLog of the union (the same registers one counter would hold); top-k by
// mergeable summaries (sketch/top-k-merge.ts states the bound); quantiles by DDSketch, 1 % relative.
//
// Partials are values: nothing changes one once made, and a merge may share parts of its inputs
// (typed arrays, details of names only one side has). Copy before changing one in place.
import type { RejectReason } from '../../../src-shared/types';
import { DEFAULT_EXACT_LIMIT, DISTINCT_KIND } from '../sketch/distinct';
import { emptyKeySet, mergeKeySets, type KeySetState } from '../sketch/key-set';
import { emptyNameCounts, type NameCountsState } from '../sketch/name-counts';
import type { TagCountsState } from '../sketch/tag-counts';
import type { ValueStatsState } from '../sketch/value-stats';
import { MS_PER_SECOND, isoTime } from './alignment';
import { mergeNames } from './partial-names';

/** What a window knows of one event beyond its count (DESIGN §8); see EventEntry in event-stats.ts. */
export interface EventDetail {
  /** Distinct users of the event (SmallDistinct: 52-bit keys, exact to 128, then HLL registers); null when none came. */
  users: KeySetState | null;
  /** Its values: count, sum, min, max, and the few values kept as they came or a DDSketch; null when none came. */
  values: ValueStatsState | null;
  /** The last StatsD gauge level, NaN when no gauge line came. */
  gauge: number;
  /**
   * Arrival time (epoch ms) of the gauge line that set `gauge`, NaN when none: in a merge the later
   * level wins (the larger level when both came in the same ms, so that merging stays commutative).
   * A `+N`/`-N` moves the level its own shard knows: shards do not see each other's levels, so
   * deltas meant for one level must reach one shard (one client's connection stays on one worker).
   */
  gauge_at: number;
  /** The tag breakdown (at most 16 keys × 32 values, the rest as `(other)`); null when no tags came. */
  tags: TagCountsState | null;
}

export interface WindowPartial {
  /** The window [start_ms, end_ms) in epoch ms; end_ms is the cut when the window was cut early. */
  start_ms: number;
  end_ms: number;
  /** The window size setting in ms: partials of other sizes (or other starts) do not merge. */
  window_ms: number;
  /** true when the window was cut before its natural end (a stop, or a change of size or mode); merge: OR. */
  partial: boolean;
  /** Occurrences (StatsD counters add value/rate). */
  events: number;
  bytes: number;
  rejected: number;
  /** `rejected` by reason; reasons with no rejects are absent. */
  rejected_by_reason: Partial<Record<RejectReason, number>>;
  late: number;
  /** Events per second of the window, indexed by second from start_ms; merged elementwise, so peak_rate is exact. */
  per_second: Float64Array;
  /**
   * The most connections open at once during the window as this shard saw them. Merge: the sum, an
   * upper bound over shards (their peaks need not coincide); a coordinator that knows the true count
   * may override it.
   */
  connections_peak: number;
  /**
   * false when no change of the connection count was seen during the window: the peak is then the
   * count open at the window's start, which a lone WindowState does not know (connections_peak is
   * 0 then; the Aggregator fills the count in and sets this). Merge: AND.
   */
  connections_seen: boolean;
  /** The event names: exact with exact counts up to the limit, then Space-Saving counters and an HLL. */
  names: NameCountsState;
  /** Distinct users (DistinctCounter: 53-bit keys, exact to its limit, then HLL registers). */
  users: KeySetState;
  /** The exact-phase limit of `users` (10,000 by default): partials of other limits do not merge. */
  users_limit: number;
  /**
   * Per kept name, in the order of names.names: its details, null for a name that had none (plain
   * lines). null as a whole when details were left out (encodePartial's `details: false`).
   */
  details: (EventDetail | null)[] | null;
  /** What names no longer kept had: part of the `(other)` row. null when none (or details were left out). */
  other: EventDetail | null;
}

/** A window nothing happened in yet: zeros, exact empty sets (default limits), no details. */
export function emptyPartial(start: number, end: number, windowMs: number): WindowPartial {
  return {
    start_ms: start,
    end_ms: end,
    window_ms: windowMs,
    partial: false,
    events: 0,
    bytes: 0,
    rejected: 0,
    rejected_by_reason: {},
    late: 0,
    per_second: new Float64Array(secondsOf(start, end)),
    connections_peak: 0,
    connections_seen: false,
    names: emptyNameCounts(),
    users: emptyKeySet(),
    users_limit: DEFAULT_EXACT_LIMIT,
    details: [],
    other: null,
  };
}

/** The seconds a window [start, end) has per-second counts for (a cut window: its seconds so far). */
export function secondsOf(start: number, end: number): number {
  return Math.ceil((end - start) / MS_PER_SECOND);
}

/**
 * The partial of both shards' share of one window. Throws an Error when they are not of the same
 * window (start, window size) or were counted under other limits. Pure: the inputs are not changed.
 */
export function mergePartials(a: WindowPartial, b: WindowPartial): WindowPartial {
  checkMergeable(a, b);
  return {
    start_ms: a.start_ms,
    // Shards cut at one instant; should one have gone on, the window ends where the last one ended.
    end_ms: Math.max(a.end_ms, b.end_ms),
    window_ms: a.window_ms,
    partial: a.partial || b.partial,
    events: a.events + b.events,
    bytes: a.bytes + b.bytes,
    rejected: a.rejected + b.rejected,
    rejected_by_reason: sumByKey(a.rejected_by_reason, b.rejected_by_reason),
    late: a.late + b.late,
    per_second: sumElementwise(a.per_second, b.per_second),
    connections_peak: a.connections_peak + b.connections_peak,
    connections_seen: a.connections_seen && b.connections_seen,
    users: mergeKeySets(a.users, b.users, { ...DISTINCT_KIND, limit: a.users_limit }),
    users_limit: a.users_limit,
    ...mergeNames(a, b),
  };
}

function sumByKey<K extends string>(a: Partial<Record<K, number>>, b: Partial<Record<K, number>>): Partial<Record<K, number>> {
  const out = { ...a };
  for (const key of Object.keys(b) as K[]) out[key] = (out[key] ?? 0) + (b[key] as number);
  return out;
}

/** Elementwise sum; the shorter counts as zeros past its end (an empty shard's window cut short has fewer seconds). */
function sumElementwise(a: Float64Array, b: Float64Array): Float64Array {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  for (let i = 0; i < short.length; i++) out[i] += short[i]!;
  return out;
}

function checkMergeable(a: WindowPartial, b: WindowPartial): void {
  if (a.window_ms !== b.window_ms) {
    throw new Error(`cannot merge partials of ${a.window_ms} ms and ${b.window_ms} ms windows`);
  }
  if (a.start_ms !== b.start_ms) {
    throw new Error(`cannot merge partials of windows starting at ${isoTime(a.start_ms)} and ${isoTime(b.start_ms)}`);
  }
  if (a.users_limit !== b.users_limit) {
    throw new Error(`cannot merge partials counting users exactly to ${a.users_limit} and to ${b.users_limit}`);
  }
}

// A window's record and live counters made from its partial (DESIGN §9): the one way records are
// made, whether one WindowState counted the window or the partials of many shards were merged.
import { OTHER_EVENT, type EventCount, type EventRow, type WindowCounters, type WindowRecord } from '../../../src-shared/types';
import { keySetCount } from '../sketch/key-set';
import { HyperLogLog } from '../sketch/hll';
import type { NameCountsState } from '../sketch/name-counts';
import { TagCounts } from '../sketch/tag-counts';
import { ValueStats } from '../sketch/value-stats';
import type { CurrentWindow } from './aggregator';
import { isoTime } from './alignment';
import { EventEntry } from './event-entry';
import type { EventDetail, WindowPartial } from './partial';

/** How many events a summary's top_events lists (DESIGN §3). */
export const SUMMARY_TOP_EVENTS = 10;

export interface RecordOptions {
  /** How many events event_counts lists before its `(other)` row (the top_n setting). */
  topN: number;
  /** Connections open at the window's start, used when the partial saw no change of the count (see connections_seen). */
  connectionsAtStart?: number;
}

/**
 * The record of the window as closed: top 10 events in the summary (once counts are estimates, only
 * those that surely stand out: count − error above the floor), and in event_counts the top `topN`
 * with their errors and details (users, values, gauge, tags) plus an `(other)` row holding the
 * rest, so that event_counts sums to `events`, with the details of what it folds.
 */
export function recordOfPartial(p: WindowPartial, opts: RecordOptions): WindowRecord {
  const { topN } = opts;
  const names = p.names;
  const order = topOrder(names, Math.max(topN, SUMMARY_TOP_EVENTS));
  const top = order.map((i) => entryOf(names, i));
  const topEvents: EventCount[] = [];
  for (let i = 0; i < top.length && topEvents.length < SUMMARY_TOP_EVENTS; i++) {
    if (names.exact || top[i]!.count - (top[i]!.error ?? 0) > names.floor) topEvents.push(top[i]!);
  }
  const listed = order.length > topN ? order.slice(0, topN) : order;
  const details = p.details;
  const eventCounts: EventRow[] = listed.map((i, k) => {
    const d = details?.[i] ?? null;
    return d === null ? { ...top[k]! } : rowWithDetail({ ...top[k]! }, d);
  });
  const other = otherDetail(p, listed);
  const unique = uniqueOf(names);
  if (unique > eventCounts.length || other) {
    let listedCount = 0;
    for (const row of eventCounts) listedCount += row.count;
    // Float sums of fractional StatsD counts can leave a hair below zero.
    const rest = Math.max(0, p.events - listedCount);
    if (rest > 0 || unique > eventCounts.length) {
      const row: EventRow = { event: OTHER_EVENT, count: rest };
      eventCounts.push(other ? rowWithDetail(row, other) : row);
    }
  }
  const summary = { ...countersOfPartial(p, opts.connectionsAtStart ?? 0), top_events: topEvents, top_exact: names.exact };
  return { summary: p.partial ? { ...summary, partial: true } : summary, event_counts: eventCounts };
}

/** The window's counters; `connectionsAtStart` is used when the partial saw no change of the connection count. */
export function countersOfPartial(p: WindowPartial, connectionsAtStart: number): WindowCounters {
  return {
    window_start: isoTime(p.start_ms),
    window_end: isoTime(p.end_ms),
    events: p.events,
    unique_events: uniqueOf(p.names),
    unique_exact: p.names.exact,
    distinct_users: keySetCount(p.users),
    distinct_users_exact: p.users.keys !== null,
    bytes: p.bytes,
    rejected: p.rejected,
    late: p.late,
    peak_rate: peakOf(p.per_second),
    connections_peak: p.connections_seen ? p.connections_peak : Math.max(p.connections_peak, connectionsAtStart),
  };
}

/** The snapshot's view of an open window: its counters and top `topN` events (once estimated, only those that surely stand out). */
export function currentOfPartial(p: WindowPartial, topN: number): CurrentWindow {
  const names = p.names;
  const top = topN > 0 ? topOrder(names, topN).map((i) => entryOf(names, i)) : [];
  return {
    counters: countersOfPartial(p, 0),
    top: names.exact ? top : top.filter((t) => t.count - (t.error ?? 0) > names.floor),
  };
}

/** The indices of the n largest names, largest first, ties by name ascending (names are in code-unit order). */
function topOrder(names: NameCountsState, n: number): number[] {
  const counts = names.counts;
  const all = Array.from({ length: counts.length }, (_, i) => i);
  // Array sort is stable: equal counts keep the names' order.
  all.sort((a, b) => counts[b]! - counts[a]!);
  return all.length > n ? all.slice(0, Math.max(0, Math.floor(n))) : all;
}

/** A kept name's entry: its exact count while exact; past it, the estimate with its `error`. */
function entryOf(names: NameCountsState, i: number): EventCount {
  const event = names.names[i]!;
  const count = names.counts[i]!;
  return names.errors === null ? { event, count } : { event, count, error: names.errors[i]! };
}

function uniqueOf(names: NameCountsState): number {
  return names.exact ? names.names.length : Math.round(HyperLogLog.fromRegisters(names.registers as Uint8Array).estimate());
}

function peakOf(perSecond: Float64Array): number {
  let peak = 0;
  for (let s = 0; s < perSecond.length; s++) if (perSecond[s]! > peak) peak = perSecond[s]!;
  return peak;
}

/** The `(other)` row's details: what evicted names had, and every name not listed; null when none. */
function otherDetail(p: WindowPartial, listed: readonly number[]): EventDetail | null {
  const details = p.details;
  if (details === null) return null;
  const isListed = new Uint8Array(details.length);
  for (const i of listed) isListed[i] = 1;
  let other: EventEntry | null = null;
  if (p.other) (other = new EventEntry()).mergeDetail(p.other);
  for (let i = 0; i < details.length; i++) {
    const d = details[i];
    if (d === null || d === undefined || isListed[i] === 1) continue;
    (other ??= new EventEntry()).mergeDetail(d);
  }
  return other?.exportDetail() ?? null;
}

/** The row's fields beyond event and count, from the name's details. */
function rowWithDetail(row: EventRow, d: EventDetail): EventRow {
  row.distinct_users = d.users ? keySetCount(d.users) : 0;
  row.distinct_users_exact = d.users ? d.users.keys !== null : true;
  row.values = d.values ? ValueStats.fromState(d.values).result() : null;
  row.gauge_last = d.gauge === d.gauge ? d.gauge : null;
  if (d.tags) row.tags = TagCounts.fromState(d.tags).result();
  return row;
}

// The counters of one open window. Instances are pooled by the aggregator and reopened with
// open() rather than allocated per window (windows may be 1 s long), so their name and user
// counters are reset, never rebuilt.
import type { EventCount, WindowCounters, WindowRecord } from '../../../src-shared/types';
import { DistinctCounter } from '../sketch/distinct';
import { hashHi, hashLo } from '../sketch/hash';
import { NameCounts } from '../sketch/name-counts';
import * as parsedEvent from '../parse/parsed-event';
import type { ParsedEvent } from '../parse/parsed-event';
import { MS_PER_SECOND, isoTime } from './alignment';
import { EventStats, GaugeLevels } from './event-stats';
import type { WindowPartial } from './partial';

const { TAGS_NONE, VALUE_NONE } = parsedEvent;

/** How many events a summary's top_events lists (DESIGN §3). */
export const SUMMARY_TOP_EVENTS = 10;

export class WindowState {
  start = NaN;
  end = NaN;
  events = 0;
  bytes = 0;
  rejected = 0;
  late = 0;
  /** Whether the connection count changed while this was the arrival window; if not, the peak is the count at its start. */
  connectionsChanged = false;
  connectionsPeak = 0;
  /** The count after the last change inside this window: the count open at the next window's start. */
  connectionsLast = 0;
  readonly names: NameCounts;
  readonly users: DistinctCounter;
  /** Per event: users, values, gauge, tags (made only for events that carry them). */
  readonly details: EventStats;
  /** Events per second of the window, indexed by second from `start`. */
  private perSecond = new Float64Array(0);

  /** `gauges`: the gauge levels of an aggregator's windows, which outlive each window. */
  constructor(
    gauges: GaugeLevels = new GaugeLevels(),
    names: NameCounts = new NameCounts(),
    users: DistinctCounter = new DistinctCounter(),
  ) {
    this.names = names;
    this.users = users;
    this.details = new EventStats(gauges, (id) => names.nameOf(id));
    names.onEvict = (id) => this.details.evict(id);
  }

  /**
   * The whole state of this window as plain data (DESIGN §9), for merging with other shards' and
   * for the record; `details: false` leaves out the per-event details (cheap live snapshots).
   * Does not change the window.
   */
  toPartial(_opts: { details?: boolean } = {}): WindowPartial {
    throw new Error('WindowState.toPartial: not implemented yet');
  }

  /** Empties the counters and makes this the window [start, end). */
  open(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.events = 0;
    this.bytes = 0;
    this.rejected = 0;
    this.late = 0;
    this.connectionsChanged = false;
    this.connectionsPeak = 0;
    this.connectionsLast = 0;
    this.names.reset();
    this.users.reset();
    this.details.reset();
    const seconds = Math.ceil((end - start) / MS_PER_SECOND);
    if (this.perSecond.length !== seconds) this.perSecond = new Float64Array(seconds);
    else this.perSecond.fill(0);
  }

  /**
   * Counts one accepted event placed in this window at time `t` (its ts in event-time mode, its
   * arrival otherwise); `t` picks the second for peak_rate. Hot path: allocates nothing.
   */
  add(ev: ParsedEvent, t: number): void {
    this.count(ev, hashLo(ev.nameBuf, ev.nameStart, ev.nameEnd));
    this.addToSecond(t, ev.count);
  }

  /**
   * Counts one accepted event, whose name has hashLo() `nameHash`, except in its second's total:
   * the caller adds a batch of events that share a second with one addToSecond() call, so
   * peak_rate ends up as if they were added one by one.
   */
  count(ev: ParsedEvent, nameHash: number): void {
    const count = ev.count;
    // First, so that a count NameCounts refuses (negative, not finite) throws before anything changed.
    const id = this.names.addHashed(ev.nameBuf, ev.nameStart, ev.nameEnd, nameHash, count);
    this.events += count;
    // Plain lines carry none of these: the per-event details stay off their path.
    if (ev.userEnd >= 0 || ev.valueKind !== VALUE_NONE || ev.tagsFormat !== TAGS_NONE) this.countDetails(id, ev);
  }

  private countDetails(id: number, ev: ParsedEvent): void {
    let lo = 0;
    let hi = 0;
    if (ev.userEnd >= 0) {
      lo = hashLo(ev.userBuf, ev.userStart, ev.userEnd);
      hi = hashHi(ev.userBuf, ev.userStart, ev.userEnd);
      this.users.addHashed(ev.userBuf, ev.userStart, ev.userEnd, lo, hi);
    }
    this.details.record(id, ev, lo, hi);
  }

  /** Ends the window early, at `end` (a stop or a change of window size cuts it there). */
  cutAt(end: number): void {
    this.end = end;
  }

  /** Adds `count` events at time `t` to the total of its second, for peak_rate. */
  addToSecond(t: number, count: number): void {
    const last = this.perSecond.length - 1;
    let second = Math.floor((t - this.start) / MS_PER_SECOND);
    // Out of range only when a clock stepped back and the event was kept in the oldest open window.
    if (!(second >= 0)) second = 0;
    else if (second > last) second = last;
    this.perSecond[second] += count;
  }

  /** Most events in one second of this window: read per snapshot, so it is found then rather than kept per event. */
  get peakRate(): number {
    let peak = 0;
    const perSecond = this.perSecond;
    for (let s = 0; s < perSecond.length; s++) if (perSecond[s] > peak) peak = perSecond[s];
    return peak;
  }

  /** Notes that `n` connections are open from now on, `before` having been open until now. */
  setConnections(before: number, n: number): void {
    if (!this.connectionsChanged) {
      this.connectionsChanged = true;
      this.connectionsPeak = before;
    }
    if (n > this.connectionsPeak) this.connectionsPeak = n;
    this.connectionsLast = n;
  }

  /** The counters so far; `connectionsAtStart` is used when no change happened inside the window. */
  counters(connectionsAtStart: number): WindowCounters {
    return {
      window_start: isoTime(this.start),
      window_end: isoTime(this.end),
      events: this.events,
      unique_events: this.names.unique,
      unique_exact: this.names.uniqueExact,
      distinct_users: this.users.count,
      distinct_users_exact: this.users.exact,
      bytes: this.bytes,
      rejected: this.rejected,
      late: this.late,
      peak_rate: this.peakRate,
      connections_peak: this.connectionsChanged ? this.connectionsPeak : connectionsAtStart,
    };
  }

  /**
   * The record of this window as closed: top 10 events in the summary (once counts are estimates,
   * only those that surely stand out: see NameCounts.standouts), and in event_counts the top
   * `topN` with their errors and details (users, values, gauge, tags) plus an `(other)` row
   * holding the rest, so that event_counts sums to `events`, with the details of what it folds.
   */
  toRecord(topN: number, connectionsAtStart: number, partial: boolean): WindowRecord {
    const names = this.names;
    const ids = names.topIds(Math.max(topN, SUMMARY_TOP_EVENTS));
    const top = ids.map((id) => names.entryOf(id));
    const exact = names.uniqueExact;
    const floor = names.floor;
    const topEvents: EventCount[] = [];
    for (let i = 0; i < top.length && topEvents.length < SUMMARY_TOP_EVENTS; i++) {
      if (exact || top[i].count - (top[i].error ?? 0) > floor) topEvents.push(top[i]);
    }
    const listedIds = ids.length > topN ? ids.slice(0, topN) : ids;
    const { rows: eventCounts, other } = this.details.rows(listedIds, top, names.ids());
    if (this.names.unique > eventCounts.length || other) {
      let listed = 0;
      for (const row of eventCounts) listed += row.count;
      // Float sums of fractional StatsD counts can leave a hair below zero.
      const rest = Math.max(0, this.events - listed);
      if (rest > 0 || this.names.unique > eventCounts.length) eventCounts.push(EventStats.otherRow(rest, other));
    }
    const summary = { ...this.counters(connectionsAtStart), top_events: topEvents, top_exact: exact };
    return { summary: partial ? { ...summary, partial: true } : summary, event_counts: eventCounts };
  }
}

/** The counters of a window nothing happened in: zeros, and the connections open throughout. */
export function emptyCounters(start: number, end: number, connections: number): WindowCounters {
  return {
    window_start: isoTime(start),
    window_end: isoTime(end),
    events: 0,
    unique_events: 0,
    unique_exact: true,
    distinct_users: 0,
    distinct_users_exact: true,
    bytes: 0,
    rejected: 0,
    late: 0,
    peak_rate: 0,
    connections_peak: connections,
  };
}

/** The record of a window nothing happened in (DESIGN §3: such windows still get a summary). */
export function emptyRecord(start: number, end: number, connections: number, partial: boolean): WindowRecord {
  const summary = { ...emptyCounters(start, end, connections), top_events: [], top_exact: true };
  return { summary: partial ? { ...summary, partial: true } : summary, event_counts: [] };
}

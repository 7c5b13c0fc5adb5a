// The counters of one open window. Instances are pooled by the aggregator and reopened with
// open() rather than allocated per window (windows may be 1 s long), so their name and user
// counters are reset, never rebuilt. What a window holds leaves it as a partial (toPartial, plain
// data), from which its record is made (partial-record.ts) whether one shard counted it or many.
import type { RejectReason } from '../../../src-shared/types';
import { DistinctCounter } from '../sketch/distinct';
import { hashHi, hashLo } from '../sketch/hash';
import { NameCounts } from '../sketch/name-counts';
import * as parsedEvent from '../parse/parsed-event';
import type { ParsedEvent } from '../parse/parsed-event';
import { MS_PER_SECOND } from './alignment';
import { GaugeLevels } from './event-entry';
import { EventStats } from './event-stats';
import { secondsOf, type WindowPartial } from './partial';

const { TAGS_NONE, VALUE_COUNTER, VALUE_NONE } = parsedEvent;

export class WindowState {
  start = NaN;
  end = NaN;
  /** The window size setting (end − start for a window on the grid; a window after a cut is shorter). */
  sizeMs = NaN;
  events = 0;
  bytes = 0;
  rejected = 0;
  rejectedByReason: Partial<Record<RejectReason, number>> = {};
  late = 0;
  /**
   * Arrival time (epoch ms) of the events being counted, set by the aggregator before add() or a
   * batch of count()s: it orders gauge levels across shards. In event-time mode it is not `t`.
   */
  arrival = NaN;
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
  toPartial(opts: { details?: boolean } = {}): WindowPartial {
    const ids = this.names.idsByName();
    const withDetails = opts.details !== false;
    return {
      start_ms: this.start,
      end_ms: this.end,
      window_ms: this.sizeMs,
      partial: false,
      events: this.events,
      bytes: this.bytes,
      rejected: this.rejected,
      rejected_by_reason: { ...this.rejectedByReason },
      late: this.late,
      per_second: this.perSecond.slice(),
      connections_peak: this.connectionsChanged ? this.connectionsPeak : 0,
      connections_seen: this.connectionsChanged,
      names: this.names.exportState(ids),
      users: this.users.exportState(),
      users_limit: this.users.limit,
      details: withDetails ? this.details.exportDetails(ids) : null,
      other: withDetails ? this.details.evictedDetail() : null,
    };
  }

  /** The window closes: its gauge levels carry over to later windows (a `+N` moves on from them). */
  close(): void {
    this.details.keepGauges(this.names.ids());
  }

  /** Empties the counters and makes this the window [start, end) of a `sizeMs` grid (default: end − start). */
  open(start: number, end: number, sizeMs: number = end - start): void {
    this.start = start;
    this.end = end;
    this.sizeMs = sizeMs;
    this.events = 0;
    this.bytes = 0;
    this.rejected = 0;
    this.rejectedByReason = {};
    this.late = 0;
    this.arrival = NaN;
    this.connectionsChanged = false;
    this.connectionsPeak = 0;
    this.connectionsLast = 0;
    this.names.reset();
    this.users.reset();
    this.details.reset();
    const seconds = secondsOf(start, end);
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
    // Plain lines carry none of these: the per-event details stay off their path. A StatsD
    // counter line carries only its step, which takes a path of its own: through record() it cost
    // about 15 % of the line (bench/hot-path.ts, statsd).
    if (ev.userEnd < 0 && ev.tagsFormat === TAGS_NONE) {
      const kind = ev.valueKind;
      if (kind === VALUE_NONE) return;
      if (kind === VALUE_COUNTER) {
        this.details.addStep(id, ev.value);
        return;
      }
    }
    this.countDetails(id, ev);
  }

  private countDetails(id: number, ev: ParsedEvent): void {
    let lo = 0;
    let hi = 0;
    if (ev.userEnd >= 0) {
      lo = hashLo(ev.userBuf, ev.userStart, ev.userEnd);
      hi = hashHi(ev.userBuf, ev.userStart, ev.userEnd);
      this.users.addHashed(ev.userBuf, ev.userStart, ev.userEnd, lo, hi);
    }
    this.details.record(id, ev, lo, hi, this.arrival);
  }

  /** One line rejected for `reason` (arrival window). */
  reject(reason: RejectReason): void {
    this.rejected++;
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
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

  /** Notes that `n` connections are open from now on, `before` having been open until now. */
  setConnections(before: number, n: number): void {
    if (!this.connectionsChanged) {
      this.connectionsChanged = true;
      this.connectionsPeak = before;
    }
    if (n > this.connectionsPeak) this.connectionsPeak = n;
    this.connectionsLast = n;
  }
}

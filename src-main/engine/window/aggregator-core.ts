// The windowed aggregator (DESIGN §3): pure record/flush with the time passed in by the caller,
// so one driver owns the clock and tests replay any timeline exactly.
//
// Model: windows are identified by their start (epoch ms). `nextEmit` is the start of the oldest
// window not yet returned; every window before it is closed for good. A window ends at the next
// multiple of the size after its start (windowEnd): for aligned starts that is start + size; the
// one window after a cut (a change of window size or mode, or a restart inside a window the
// journal already holds) runs from the cut to the next boundary of its size, so windows never
// overlap. Windows at or after nextEmit are open while they hold anything; a window with nothing
// is never materialised and flush emits zeros for it. A window closes once now ≥ end + lateness
// (lateness is 0 in arrival mode). flush walks from nextEmit window by window, so none is skipped,
// and every bound comes from the size and the timestamps on integers: exact, no drift.
//
// Event-time mode: an event with ts goes to the window of ts (ts too far ahead of the arrival is
// refused before it gets here: the `future` reject). An event whose ts window is closed, or due to
// close, is counted in the `late` field of its arrival window and dropped from every other count.
// So open windows lie between now − size − lateness and now + the future tolerance: memory stays
// bounded when flush runs regularly, and their counters are pooled and reused.
//
// A clock stepping back in arrival mode keeps counting into the oldest open window.
import type { Settings } from '../../../src-shared/settings';
import type { RejectReason } from '../../../src-shared/types';
import type { ParsedEvent } from '../parse/parsed-event';
import { RateHistory, type RateSeries } from './rate-history';
import { GaugeLevels } from './event-entry';
import { emptyPartial, type WindowPartial } from './partial';
import { WindowState } from './window-state';
import { alignStart } from './alignment';
import { configOf, type WindowConfig } from './window-config';

/**
 * The aggregator in partials: what ingest shards run and hand to a coordinator. Aggregator
 * (aggregator.ts) adds the records and current-window views a lone aggregator's callers read.
 */
export class AggregatorCore {
  protected config: WindowConfig;
  private nextEmit: number;
  private readonly open = new Map<number, WindowState>();
  private readonly pool: WindowState[] = [];
  private readonly history = new RateHistory();
  /** StatsD gauge levels, which a `+N` in a later window moves on from. */
  private readonly gauges = new GaugeLevels();
  /** The last windows used by arrival and by ts, so the hot path rarely looks in the map. */
  private arrivalCache: WindowState | null = null;
  private tsCache: WindowState | null = null;
  /** The open batch (see beginBatch): its arrival time, its window (null in event-time mode) and its events so far. */
  private batchNow = NaN;
  private batchWindow: WindowState | null = null;
  private batchCount = 0;
  /** Connections open now. */
  private connections = 0;
  /** Connections open at the start of window nextEmit (at the end of the last one emitted). */
  private connectionsCarry = 0;

  /**
   * Starts with the window containing `now` (epoch ms), or at `notBefore` when that is later (the
   * end of the last window a journal holds: the first window then runs from there to the next
   * boundary). Uses window_seconds, event_time, lateness_ms, top_n of settings.
   */
  constructor(settings: Settings, now: number, notBefore = -Infinity) {
    this.config = configOf(settings);
    this.nextEmit = Math.max(alignStart(now, this.config.sizeMs), notBefore);
  }

  /** An accepted event that arrived at `now`. */
  record(ev: ParsedEvent, now: number): void {
    const count = ev.count;
    const ts = ev.ts;
    // NaN (no ts) fails the comparison: it counts at its arrival.
    if (this.config.eventTime && ts === ts) {
      const w = this.tsWindow(ts, now);
      if (w === null) {
        this.arrivalWindow(now).late += count;
        return;
      }
      w.arrival = now;
      w.add(ev, ts);
      this.history.add(now, count);
      return;
    }
    const w = this.arrivalWindow(now);
    w.arrival = now;
    w.add(ev, now);
    this.history.add(now, count);
  }

  /**
   * Opens a batch of events that all arrive at `now` (the lines of one TCP chunk), recorded with
   * recordInBatch() and closed by endBatch(). The result is the same as record(ev, now) for each,
   * but in arrival mode the window, the second and the rate slot are looked up once per batch:
   * the per-line work is then only the name, user and event counts.
   */
  beginBatch(now: number): void {
    this.batchNow = now;
    this.batchCount = 0;
    this.batchWindow = this.config.eventTime ? null : this.arrivalWindow(now);
    if (this.batchWindow !== null) this.batchWindow.arrival = now;
  }

  /** record(ev, now) for the `now` of the open batch, `nameHash` being hashLo() of ev's name; only between beginBatch() and endBatch(). */
  recordInBatch(ev: ParsedEvent, nameHash: number): void {
    const w = this.batchWindow;
    if (w === null) {
      this.record(ev, this.batchNow);
      return;
    }
    w.count(ev, nameHash);
    this.batchCount += ev.count;
  }

  /** Closes the batch: its events go into the per-second counts (peak_rate, rates()) in one step. */
  endBatch(): void {
    const w = this.batchWindow;
    this.batchWindow = null;
    if (w === null || this.batchCount === 0) return;
    w.addToSecond(this.batchNow, this.batchCount);
    this.history.add(this.batchNow, this.batchCount);
  }

  /** A rejected line that arrived at `now` (counted in the arrival window's `rejected`). */
  reject(reason: RejectReason, now: number): void {
    this.arrivalWindow(now).reject(reason);
  }

  /** Bytes received at `now` (every byte of accepted and rejected lines, newlines included). */
  addBytes(n: number, now: number): void {
    this.arrivalWindow(now).bytes += n;
  }

  /** The number of open connections changed to `n` at `now` (for connections_peak: the max during each window; a window starts with the count open at its start). */
  setConnections(n: number, now: number): void {
    this.arrivalWindow(now).setConnections(this.connections, n);
    this.connections = n;
  }

  /** Whether a window is due to close at `now` (flushPartials would return one). */
  due(now: number): boolean {
    return this.windowEnd(this.nextEmit) + this.config.latenessMs <= now;
  }

  /** Closes every window due at `now`, oldest first, empty ones included (zeros), never skipping one: their whole state (partial-record.ts makes the records). */
  flushPartials(now: number): WindowPartial[] {
    const out: WindowPartial[] = [];
    while (this.due(now)) out.push(this.closeNext(false, Infinity));
    return out;
  }

  /**
   * flushAll(now), as partials (cut windows have `partial: true`). A cut right on a window's start
   * closes that window, zero ms long, only if something was counted in it: shards may then return
   * different lists, so a coordinator matches partials by start_ms and counts a missing one as empty.
   */
  flushAllPartials(now: number): WindowPartial[] {
    let cut = now;
    for (const w of this.open.values()) if (w.start >= now && w.end > cut) cut = w.end;
    if (!(cut >= this.nextEmit)) {
      // A NaN or stepped-back clock cuts nothing: the open windows close whole.
      cut = this.nextEmit;
      for (const w of this.open.values()) if (w.end > cut) cut = w.end;
    }
    const out: WindowPartial[] = [];
    while (this.nextEmit < cut || this.open.size > 0) {
      out.push(this.closeNext(!(this.windowEnd(this.nextEmit) + this.config.latenessMs <= now), cut));
    }
    this.connectionsCarry = this.connections;
    return out;
  }

  /** The open arrival window so far as a partial (connections filled in); `details: false` for cheap snapshots. */
  currentPartial(now: number, opts: { details?: boolean } = {}): WindowPartial {
    const start = this.arrivalStart(now);
    const w = this.open.get(start);
    const p = w === undefined ? emptyPartial(start, this.windowEnd(start), this.config.sizeMs) : w.toPartial(opts);
    // Any change of the connection count during this window would have marked it, so the count
    // open now is the count at its start.
    return this.withConnections(p, this.connections);
  }

  /** Events and late events held by the open windows (closed ones are the caller's to sum). */
  openTotals(): { events: number; late: number } {
    let events = 0;
    let late = 0;
    for (const w of this.open.values()) {
      events += w.events;
      late += w.late;
    }
    return { events, late };
  }

  /** Per-second event counts of the last `seconds` (≤300) full-or-current seconds up to `now`, oldest first, and the epoch ms of the first. */
  rates(now: number, seconds?: number): RateSeries {
    return this.history.series(now, seconds);
  }

  /** Applies new settings (see Aggregator.applySettings), returning the windows a realignment closed as partials. */
  applySettingsPartials(settings: Settings, now: number): WindowPartial[] {
    const next = configOf(settings);
    const realign = next.sizeMs !== this.config.sizeMs || next.eventTime !== this.config.eventTime;
    // Closed under the settings they were counted with: the old top_n shapes their records.
    const out = realign ? this.flushAllPartials(now) : [];
    this.config = next;
    return out;
  }

  /** Where the next window to close starts: a shard made now must not start a window before it. */
  get nextWindowStart(): number {
    return this.nextEmit;
  }

  /**
   * Every open window as a partial, left open: a shard handing its share to another. The counts
   * of connections are this aggregator's own (an ingest worker's: none), so the merge stays exact.
   */
  openPartials(): WindowPartial[] {
    return [...this.open.values()].map((w) =>
      this.withConnections(w.toPartial(), w.connectionsChanged ? w.connectionsLast : this.connections),
    );
  }

  /** `p` with the count open at its start filled in when it saw no change during the window. */
  private withConnections(p: WindowPartial, atStart: number): WindowPartial {
    if (!p.connections_seen) {
      p.connections_peak = atStart;
      p.connections_seen = true;
    }
    return p;
  }

  /** The end of the window starting at `start`: the next multiple of the size after it. */
  private windowEnd(start: number): number {
    return alignStart(start, this.config.sizeMs) + this.config.sizeMs;
  }

  /**
   * Emits window nextEmit (its counters, or zeros if nothing happened in it), ending it at `cut`
   * when that comes before its end, and moves past it.
   */
  private closeNext(partial: boolean, cut: number): WindowPartial {
    const start = this.nextEmit;
    const end = Math.min(this.windowEnd(start), cut);
    const w = this.open.get(start);
    let p: WindowPartial;
    if (w === undefined) {
      p = emptyPartial(start, end, this.config.sizeMs);
    } else {
      w.cutAt(end);
      p = w.toPartial();
      w.close();
      if (w.connectionsChanged) this.connectionsCarry = w.connectionsLast;
      this.open.delete(start);
      this.pool.push(w);
      if (this.arrivalCache === w) this.arrivalCache = null;
      if (this.tsCache === w) this.tsCache = null;
    }
    p.partial = partial;
    this.nextEmit = end;
    return this.withConnections(p, this.connectionsCarry);
  }

  /** The window of arrival time `now`; never closed, since it closes only after `now` passes its end. */
  private arrivalWindow(now: number): WindowState {
    const c = this.arrivalCache;
    if (c !== null && now >= c.start && now < c.end) return c;
    const w = this.windowAt(this.arrivalStart(now));
    this.arrivalCache = w;
    return w;
  }

  private arrivalStart(now: number): number {
    const start = alignStart(now, this.config.sizeMs);
    // Before nextEmit when `now` is in the window after a cut (which starts off the grid), or when
    // the clock stepped back (or is NaN): keep counting, in the oldest open window.
    return start >= this.nextEmit ? start : this.nextEmit;
  }

  /** The open window of event time `ts`, or null when that window is closed or due (the event is late). */
  private tsWindow(ts: number, now: number): WindowState | null {
    const latenessMs = this.config.latenessMs;
    const c = this.tsCache;
    if (c !== null && ts >= c.start && ts < c.end && now < c.end + latenessMs) return c;
    // Negated comparisons so that a NaN (ts = -Infinity) is late too.
    if (!(ts >= this.nextEmit)) return null;
    const start = this.arrivalStart(ts);
    if (!(this.windowEnd(start) + latenessMs > now)) return null;
    const w = this.windowAt(start);
    this.tsCache = w;
    return w;
  }

  private windowAt(start: number): WindowState {
    let w = this.open.get(start);
    if (w === undefined) {
      w = this.pool.pop() ?? new WindowState(this.gauges);
      w.open(start, this.windowEnd(start), this.config.sizeMs);
      this.open.set(start, w);
    }
    return w;
  }
}

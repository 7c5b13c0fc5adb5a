// The windowed aggregator (DESIGN §3) as a lone engine thread uses it: AggregatorCore's windows
// (aggregator-core.ts holds the model) read as records and as the current window's counters.
import type { Settings } from '../../../src-shared/settings';
import type { EventCount, WindowCounters, WindowRecord } from '../../../src-shared/types';
import { AggregatorCore } from './aggregator-core';
import type { WindowPartial } from './partial';
import { currentOfPartial, recordOfPartial } from './partial-record';

export interface CurrentWindow {
  counters: WindowCounters;
  top: EventCount[];
}

export class Aggregator extends AggregatorCore {
  /** Closes every window that is due at `now` and returns their records oldest first, empty windows included (zeros), never skipping one. */
  flush(now: number): WindowRecord[] {
    return this.recordsOf(this.flushPartials(now));
  }

  /**
   * Closes every open window at the instant `now` (a stop, or a change of window size or mode),
   * marking the ones not yet due `partial: true`: the window holding `now` is cut there, so its
   * window_end is the real end and its rates are over its real length. Windows before it are
   * emitted too (zeros where empty). Afterwards the aggregator continues from the cut, so the next
   * window starts where this one ended and no two windows overlap. In event-time mode windows
   * ahead of `now` may be open (ts slightly in the future): they close whole, and the cut moves to
   * the end of the last of them.
   */
  flushAll(now: number): WindowRecord[] {
    return this.recordsOf(this.flushAllPartials(now));
  }

  /** The window containing `now` so far, for the 250 ms snapshot; `topN` events (default 10). */
  current(now: number, topN: number = 10): CurrentWindow {
    return currentOfPartial(this.currentPartial(now, { details: false }), topN);
  }

  /**
   * Applies new settings. A change of window size or event-time mode closes the open windows
   * (returned, partial) and realigns; other changes apply from the next window to close (lateness
   * decides when open windows close, top_n shapes the records of windows closed from now on).
   * Settings come validated (validateSettingsPatch at the edge).
   */
  applySettings(settings: Settings, now: number): WindowRecord[] {
    return this.recordsOf(this.applySettingsPartials(settings, now));
  }

  /** The records of closed windows' partials, top_n as set now. */
  private recordsOf(partials: WindowPartial[]): WindowRecord[] {
    const topN = this.config.topN;
    return partials.map((p) => recordOfPartial(p, { topN }));
  }
}

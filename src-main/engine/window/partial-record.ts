// A window's record and live counters made from its partial (DESIGN §9): what WindowState made
// from its own counters, now from the state one shard or the merge of many saw, so that a closed
// window's record is the same whoever counted it.
import type { WindowCounters, WindowRecord } from '../../../src-shared/types';
import type { CurrentWindow } from './aggregator';
import type { WindowPartial } from './partial';

export interface RecordOptions {
  /** How many events event_counts lists before its `(other)` row (the top_n setting). */
  topN: number;
  /** Connections open at the window's start, used when the partial saw no change of the count (see connections_seen). */
  connectionsAtStart?: number;
}

/** The record of the window: summary (top_events, top_exact, standouts once estimated) and event_counts with an `(other)` row. */
export function recordOfPartial(_p: WindowPartial, _opts: RecordOptions): WindowRecord {
  throw new Error('recordOfPartial: not implemented yet');
}

/** The window's counters; `connectionsAtStart` is used when the partial saw no change of the connection count. */
export function countersOfPartial(_p: WindowPartial, _connectionsAtStart: number): WindowCounters {
  throw new Error('countersOfPartial: not implemented yet');
}

/** The snapshot's view of an open window: its counters and top `topN` events (standouts once estimated). */
export function currentOfPartial(_p: WindowPartial, _topN: number): CurrentWindow {
  throw new Error('currentOfPartial: not implemented yet');
}

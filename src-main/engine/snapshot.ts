// Assembles the 250 ms snapshot from the engine's parts: plain data, safe to post to a worker's
// parent and to serialise to JSON.
import {
  type ConnectionInfo,
  type HistoryState,
  type ListenerState,
  type RejectSample,
  type Snapshot,
  type Summary,
  type Totals,
} from '../../src-shared/types';
import type { CurrentWindow } from './window/aggregator';
import type { RateSeries } from './window/rate-history';

/** Events shown in the live top list. */
export const SNAPSHOT_TOP_EVENTS = 10;

export interface SnapshotParts {
  now: number;
  closed: Summary[];
  /** The open window so far, with SNAPSHOT_TOP_EVENTS top events. */
  current: CurrentWindow;
  /** Per-second events of the last RATE_HISTORY_SECONDS, up to `now`. */
  rates: RateSeries;
  connections: ConnectionInfo[];
  rejects: RejectSample[];
  listener: ListenerState;
  totals: Totals;
  history: HistoryState;
}

export function buildSnapshot(p: SnapshotParts): Snapshot {
  const current = p.current;
  const rates = p.rates;
  // The last full second: the current second is still filling.
  const rateNow = rates.counts.length >= 2 ? rates.counts[rates.counts.length - 2]! : 0;
  return {
    at: new Date(p.now).toISOString(),
    closed: p.closed,
    window: current.counters,
    rates_start: new Date(rates.start).toISOString(),
    rates: rates.counts,
    rate_now: rateNow,
    top_events: current.top,
    connections: p.connections,
    rejects: p.rejects,
    listener: p.listener,
    totals: p.totals,
    history: p.history,
  };
}

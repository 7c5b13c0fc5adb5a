// The ingest's running totals and reject samples summed over its threads (ingest-pool.ts).
import { REJECT_SAMPLES_KEPT, type RejectSample, type Totals } from '../../../src-shared/types';
import type { IngestPool } from './ingest-pool';
import type { UdpListener } from './udp-listener';
import type { IngestCounters } from './line-ingest';
import type { IngestReport } from '../worker/ingest-protocol';

/** The totals over the engine's thread and its workers (as of their last reports), with what workers that went had counted. */
export class IngestFigures {
  private readonly gone = emptyCounters();
  private goneSamples: RejectSample[] = [];

  /** Keeps what a worker that goes (or died) had reported. */
  keep(report: IngestReport): void {
    addCounters(this.gone, report.counters);
    this.goneSamples = newestSamples([...this.goneSamples, ...report.samples]);
  }

  counters(own: IngestCounters, reports: readonly IngestReport[]): IngestCounters {
    const sum = emptyCounters();
    addCounters(sum, own);
    addCounters(sum, this.gone);
    for (const r of reports) addCounters(sum, r.counters);
    return sum;
  }

  samples(own: RejectSample[], reports: readonly IngestReport[]): RejectSample[] {
    return newestSamples([...own, ...this.goneSamples, ...reports.flatMap((r) => r.samples)]);
  }
}

export function emptyCounters(): IngestCounters {
  return { lines: 0, bytes: 0, rejected: 0, connections_total: 0, connections_refused: 0, rejected_by_reason: {} };
}

export function addCounters(into: IngestCounters, c: IngestCounters): void {
  into.lines += c.lines;
  into.bytes += c.bytes;
  into.rejected += c.rejected;
  into.connections_total += c.connections_total;
  into.connections_refused += c.connections_refused;
  for (const [reason, n] of Object.entries(c.rejected_by_reason) as [keyof IngestCounters['rejected_by_reason'], number][]) {
    into.rejected_by_reason[reason] = (into.rejected_by_reason[reason] ?? 0) + n;
  }
}

/** The newest REJECT_SAMPLES_KEPT of several threads' samples, newest first. */
export function newestSamples(samples: RejectSample[]): RejectSample[] {
  return samples.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, REJECT_SAMPLES_KEPT);
}

/** The engine's running totals: events and late are what the windows hold, closed and open; udp_* are the UDP socket's. */
export function engineTotals(pool: IngestPool, udp: UdpListener, closed: { events: number; late: number }): Totals {
  const open = pool.openTotals();
  return {
    ...pool.counters(),
    events: closed.events + open.events,
    late: closed.late + open.late,
    udp_datagrams: udp.datagrams,
    udp_bytes: udp.bytes,
    udp_drops: udp.drops.total,
    ingest_threads: pool.threads,
    worker_restarts: pool.losses.restarts,
    worker_lost_bytes: pool.losses.bytes,
  };
}

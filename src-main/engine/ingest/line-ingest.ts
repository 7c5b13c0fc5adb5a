// The hot path from a framed line to the aggregator: parse into one reused event, record or
// reject, and keep the running totals. One instance per engine; connections call into it.
import type { RejectReason, Totals } from '../../../src-shared/types';
import type { Aggregator } from '../window/aggregator';
import type { Connection, LineIngest } from './connection';
import { newParsedEvent } from '../parse/parsed-event';
import { LineParser, SKIP } from '../parse/line-parser';
import { RejectSamples } from './reject-samples';

/** The running totals the ingest path keeps; events and late are the windows' (Engine.totals). */
export type IngestCounters = Omit<Totals, 'events' | 'late'>;

export class Ingest implements LineIngest {
  readonly parser = new LineParser();
  readonly samples = new RejectSamples();
  readonly counters: IngestCounters = {
    lines: 0,
    bytes: 0,
    rejected: 0,
    connections_total: 0,
    connections_refused: 0,
    rejected_by_reason: {},
  };
  /** Event-time mode's limit on how far ahead of its arrival a ts may be, ms; Infinity when ts is not read (arrival mode). */
  futureToleranceMs = Infinity;
  private readonly event = newParsedEvent();
  /** Between beginChunk() and endChunk(): lines then arrive at the chunk's time and are recorded as one batch. */
  private inChunk = false;

  constructor(public aggregator: Aggregator) {}

  beginChunk(now: number): void {
    this.aggregator.beginBatch(now);
    this.inChunk = true;
  }

  endChunk(): void {
    this.inChunk = false;
    this.aggregator.endBatch();
  }

  /** One line that arrived at `now`: the `now` of the open chunk, if any. */
  line(conn: Connection, buf: Buffer, start: number, end: number, now: number): void {
    const ev = this.event;
    let result = this.parser.parse(buf, start, end, ev);
    // NaN (no ts) and Infinity (arrival mode) make this false.
    if (result === null && ev.ts > now + this.futureToleranceMs) result = 'future';
    if (result === null) {
      this.counters.lines++;
      if (this.inChunk) this.aggregator.recordInBatch(ev, this.parser.nameHash);
      else this.aggregator.record(ev, now);
    } else if (result !== SKIP) {
      this.counters.lines++;
      this.rejected(conn, result, now);
      this.samples.add(now, result, conn.id, conn.remote, buf, start, end);
    }
  }

  overlong(conn: Connection, bytes: number, now: number): void {
    this.counters.lines++;
    this.rejected(conn, 'line_too_long', now);
    this.samples.addOverlong(now, conn.id, conn.remote, bytes);
  }

  bytes(n: number, now: number): void {
    this.counters.bytes += n;
    this.aggregator.addBytes(n, now);
  }

  private rejected(conn: Connection, reason: RejectReason, now: number): void {
    conn.rejects++;
    this.counters.rejected++;
    this.counters.rejected_by_reason[reason] = (this.counters.rejected_by_reason[reason] ?? 0) + 1;
    this.aggregator.reject(reason, now);
  }
}

// The hot path from a framed line to the aggregator: parse into one reused event, record or
// reject, and keep the running totals. One instance per engine; TCP connections and UDP call into it.
import type { Settings } from '../../../src-shared/settings';
import type { RejectReason, Totals } from '../../../src-shared/types';
import type { Aggregator } from '../window/aggregator';
import type { LineIngest, LineSource } from './line-stream';
import { newParsedEvent } from '../parse/parsed-event';
import { LineParser, SKIP } from '../parse/line-parser';
import { RejectSamples } from './reject-samples';

/** The running totals the ingest path keeps; events and late are the windows', udp_* the UDP listener's (Engine.totals). */
export type IngestCounters = Omit<
  Totals,
  'events' | 'late' | 'udp_datagrams' | 'udp_bytes' | 'udp_drops' | 'ingest_threads' | 'worker_restarts' | 'worker_lost_bytes'
>;

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

  /** The limits of the settings that reading lines follows. */
  applySettings(settings: Settings): void {
    this.parser.limits = { maxNameChars: settings.max_name_chars };
    this.futureToleranceMs = settings.event_time ? settings.future_tolerance_ms : Infinity;
  }

  beginChunk(now: number): void {
    this.aggregator.beginBatch(now);
    this.inChunk = true;
  }

  endChunk(): void {
    this.inChunk = false;
    this.aggregator.endBatch();
  }

  /** One line that arrived at `now`: the `now` of the open chunk, if any. False when it was blank. */
  line(conn: LineSource, buf: Buffer, start: number, end: number, now: number): boolean {
    const parser = this.parser;
    const result = parser.parse(buf, start, end, this.event);
    if (result === SKIP) return false;
    this.counters.lines++;
    this.take(result, conn, buf, start, end, now);
    // A StatsD line with several values of its name (`name:1|c:2|c`): each is an event or a reject.
    while (parser.hasMore) this.take(parser.parseMore(buf, this.event), conn, buf, start, end, now);
    return true;
  }

  /** Records the parsed event, or counts the reject (with a sample of the line). */
  private take(result: RejectReason | null, conn: LineSource, buf: Buffer, start: number, end: number, now: number): void {
    const ev = this.event;
    // NaN (no ts) and Infinity (arrival mode) make this false.
    if (result === null && ev.ts > now + this.futureToleranceMs) result = 'future';
    if (result === null) {
      if (this.inChunk) this.aggregator.recordInBatch(ev, this.parser.nameHash);
      else this.aggregator.record(ev, now);
    } else {
      this.rejected(conn, result, now);
      this.samples.add(now, result, conn.id, conn.remote, buf, start, end);
    }
  }

  overlong(conn: LineSource, bytes: number, now: number): void {
    this.counters.lines++;
    this.rejected(conn, 'line_too_long', now);
    this.samples.addOverlong(now, conn.id, conn.remote, bytes);
  }

  bytes(n: number, now: number): void {
    this.counters.bytes += n;
    this.aggregator.addBytes(n, now);
  }

  private rejected(conn: LineSource, reason: RejectReason, now: number): void {
    conn.rejects++;
    this.counters.rejected++;
    this.counters.rejected_by_reason[reason] = (this.counters.rejected_by_reason[reason] ?? 0) + 1;
    this.aggregator.reject(reason, now);
  }
}

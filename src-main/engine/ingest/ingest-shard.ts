// What an ingest worker holds (DESIGN §9): the connections dealt to it, each framed here, and its
// own Ingest and Aggregator, so it parses and counts its share of the traffic in a shard of every
// window. It has no sockets, no clock and no journal: bytes arrive with their arrival time, and the
// coordinator asks for closed windows at the instants it decides. Plain, so tests drive it in-process
// exactly as the worker thread does.
import type { Settings } from '../../../src-shared/settings';
import type { LineFormat } from '../../../src-shared/types';
import { RATE_HISTORY_SECONDS } from '../../../src-shared/types';
import { Aggregator } from '../window/aggregator';
import { LineFramer, type LineSink } from './framing';
import { Ingest } from './line-ingest';
import { LineStream, type LineSource } from './line-stream';
import type { IngestInput, IngestReport, RetireReply, SyncReply } from '../worker/ingest-protocol';

/** The one source of a shard's datagrams; its remote is the sender of the datagram being read (see UdpListener). */
class DatagramSource implements LineSink, LineSource {
  readonly id = 'udp';
  rejects = 0;
  now = NaN;
  remote = '?';

  constructor(private readonly ingest: Ingest) {}

  line(buf: Buffer, start: number, end: number): void {
    this.ingest.line(this, buf, start, end, this.now);
  }

  overlong(bytes: number): void {
    this.ingest.overlong(this, bytes, this.now);
  }
}

export class IngestShard {
  readonly ingest: Ingest;
  private readonly aggregator: Aggregator;
  private readonly streams = new Map<string, LineStream>();
  private readonly datagramSource: DatagramSource;
  private readonly datagramFramer: LineFramer;
  private maxLineBytes: number;

  constructor(settings: Settings, format: LineFormat, now: number, notBefore: number) {
    this.aggregator = new Aggregator(settings, now, notBefore);
    this.ingest = new Ingest(this.aggregator);
    this.ingest.parser.format = format;
    this.datagramSource = new DatagramSource(this.ingest);
    this.maxLineBytes = settings.max_line_bytes;
    this.datagramFramer = new LineFramer(this.maxLineBytes, this.datagramSource);
    this.applyLimits(settings);
  }

  /** Bytes read so far by this shard (for the coordinator's flow control). */
  get bytesRead(): number {
    return this.ingest.counters.bytes;
  }

  /** One message of the ordered stream; a call returns its reply, input returns null. */
  handle(msg: IngestInput): SyncReply | RetireReply | null {
    switch (msg.t) {
      case 'open': {
        // A helper that becomes the home keeps its stream, and the figures it counted.
        let stream = this.streams.get(msg.id);
        if (stream === undefined) {
          stream = new LineStream(msg.id, msg.remote, this.ingest, this.maxLineBytes);
          this.streams.set(msg.id, stream);
        }
        if (msg.framing) stream.restoreFraming(msg.framing);
        return null;
      }
      case 'data':
        this.streams.get(msg.id)?.push(asBuffer(msg.chunk), msg.now);
        return null;
      case 'end':
        this.streams.get(msg.id)?.finish(msg.now);
        this.streams.delete(msg.id);
        return null;
      case 'abort':
        this.streams.get(msg.id)?.abort();
        this.streams.delete(msg.id);
        return null;
      case 'datagrams':
        this.datagrams(msg.bytes, msg.ends, msg.senders, msg.now);
        return null;
      case 'format':
        this.ingest.parser.format = msg.format;
        return null;
      // The windows close before the report is made: its open totals must not hold what `closed`
      // hands over, or the engine counts those events twice until the next report.
      case 'sync': {
        const closed = msg.flush ? this.aggregator.flushPartials(msg.now) : [];
        return { ...this.report(msg.seq, msg.now), closed, current: this.aggregator.currentPartial(msg.now, { details: false }) };
      }
      case 'settings': {
        const closed = this.aggregator.applySettingsPartials(msg.settings, msg.now);
        this.applyLimits(msg.settings);
        return { ...this.report(msg.seq, msg.now), closed, current: null };
      }
      case 'flushAll': {
        const closed = this.aggregator.flushAllPartials(msg.now);
        return { ...this.report(msg.seq, msg.now), closed, current: null };
      }
      case 'retire': {
        const framing = [...this.streams].map(([id, s]) => ({ id, state: s.saveFraming() }));
        const reply: RetireReply = {
          ...this.report(msg.seq, NaN),
          closed: [],
          current: null,
          openWindows: this.aggregator.openPartials(),
          framing,
        };
        this.streams.clear();
        return reply;
      }
    }
  }

  /** A batch of datagrams, each a stream of its own (see UdpListener). */
  private datagrams(bytes: Uint8Array, ends: Int32Array, senders: string[], now: number): void {
    const buf = asBuffer(bytes);
    const source = this.datagramSource;
    const ingest = this.ingest;
    source.now = now;
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i]!;
      source.remote = senders[i] ?? '?';
      ingest.bytes(end - start, now);
      ingest.beginChunk(now);
      try {
        this.datagramFramer.whole(buf.subarray(start, end));
      } finally {
        ingest.endChunk();
      }
      start = end;
    }
  }

  private report(seq: number, now: number): IngestReport {
    const connections = [...this.streams.values()].map((s) => ({ id: s.id, lines: s.lines, rejects: s.rejects }));
    const c = this.ingest.counters;
    return {
      seq,
      counters: { ...c, rejected_by_reason: { ...c.rejected_by_reason } },
      connections,
      samples: this.ingest.samples.list(),
      rates: now === now ? this.aggregator.rates(now, RATE_HISTORY_SECONDS) : { start: 0, counts: [] },
      open: this.aggregator.openTotals(),
    };
  }

  private applyLimits(settings: Settings): void {
    this.maxLineBytes = settings.max_line_bytes;
    for (const s of this.streams.values()) s.maxLineBytes = settings.max_line_bytes;
    this.datagramFramer.maxLineBytes = settings.max_line_bytes;
    this.ingest.applySettings(settings);
  }
}

/** A Buffer over the same bytes (a posted Uint8Array arrives as a plain one). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

// One TCP client: its framer, its counters, and the socket handlers. The connection is its own
// LineSink so the hot path has no closure per line; `now` is read once per chunk.
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '../../../src-shared/types';
import { LineFramer, type LineSink } from './framing';

/** Where lines come from, as a reject's sample names it: a TCP connection, or UDP's one pseudo-connection. */
export interface LineSource {
  readonly id: string;
  /** "address:port" of the sender. */
  readonly remote: string;
  /** Lines of this source rejected so far. */
  rejects: number;
}

/** Where a source's lines go: the engine's parser and aggregator. */
export interface LineIngest {
  /** Lines arriving at `now` follow, until endChunk(): each chunk's lines come between the two (a last line at end() comes alone). Optional for an ingest that needs no batching. */
  beginChunk?(now: number): void;
  endChunk?(): void;
  line(conn: LineSource, buf: Buffer, start: number, end: number, now: number): void;
  overlong(conn: LineSource, bytes: number, now: number): void;
  bytes(n: number, now: number): void;
}

export class Connection implements LineSink, LineSource {
  readonly remote: string;
  readonly since: number;
  lines = 0;
  bytes = 0;
  rejects = 0;
  /** The arrival time of the chunk being read (NaN, a double, from the start: V8 then never re-shapes the object when the first time is stored). */
  private now = NaN;
  private readonly framer: LineFramer;
  private rateLines = 0;
  private rateAt: number;
  private linesPerSec = 0;

  constructor(
    readonly id: string,
    private readonly socket: Socket,
    private readonly ingest: LineIngest,
    private readonly clock: () => number,
    maxLineBytes: number,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.since = clock();
    this.rateAt = this.since;
    this.framer = new LineFramer(maxLineBytes, this);
  }

  set maxLineBytes(n: number) {
    this.framer.maxLineBytes = n;
  }

  /** Feeds one chunk from the socket. */
  data(chunk: Buffer): void {
    const now = this.clock();
    this.now = now;
    this.bytes += chunk.length;
    const ingest = this.ingest;
    ingest.bytes(chunk.length, now);
    ingest.beginChunk?.(now);
    try {
      this.framer.push(chunk);
    } finally {
      ingest.endChunk?.();
    }
  }

  /** The peer closed cleanly: a last line without newline still counts. */
  end(): void {
    this.now = this.clock();
    this.framer.end();
  }

  /** The connection died (reset, drop, stop): a partial last line is lost, as the sender never finished it. */
  abort(): void {
    this.framer.discard();
  }

  line(buf: Buffer, start: number, end: number): void {
    this.lines++;
    this.ingest.line(this, buf, start, end, this.now);
  }

  overlong(bytes: number): void {
    this.lines++;
    this.ingest.overlong(this, bytes, this.now);
  }

  destroy(): void {
    this.socket.destroy();
  }

  info(now: number): ConnectionInfo {
    // Lines per second over the last full second (or longer when snapshots are sparse).
    if (now - this.rateAt >= 1000) {
      this.linesPerSec = Math.round(((this.lines - this.rateLines) * 1000) / (now - this.rateAt));
      this.rateLines = this.lines;
      this.rateAt = now;
    }
    return {
      id: this.id,
      remote: this.remote,
      connected_since: new Date(this.since).toISOString(),
      lines: this.lines,
      bytes: this.bytes,
      rejects: this.rejects,
      lines_per_sec: this.linesPerSec,
    };
  }
}

// A stream of lines from one sender (LineStream), and a TCP client (Connection): its socket, its
// figures, and where its bytes are framed (here, or in an ingest worker). `now` is read once per chunk.
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '../../../src-shared/types';
import { LineFramer, type FramerState, type LineSink } from './framing';

/** Where lines come from, as a reject's sample names it: a TCP connection, or UDP's one pseudo-connection. */
export interface LineSource {
  readonly id: string;
  /** "address:port" of the sender. */
  readonly remote: string;
  /** Lines of this source rejected so far. */
  rejects: number;
}

/** An ingest worker reading a connection in this thread's place. */
export interface ConnectionWorker {
  data(conn: Connection, chunk: Buffer, now: number): void;
  end(conn: Connection, now: number): void;
  abort(conn: Connection): void;
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

/**
 * One ordered stream of bytes from one sender, framed into lines for an ingest: what a TCP
 * connection is to the engine, whichever thread reads it (an ingest worker has these without
 * sockets). The stream is its own LineSink so the hot path has no closure per line.
 */
export class LineStream implements LineSink, LineSource {
  lines = 0;
  rejects = 0;
  /** The arrival time of the chunk being read (NaN, a double, from the start: V8 then never re-shapes the object when the first time is stored). */
  private now = NaN;
  private readonly framer: LineFramer;

  constructor(
    readonly id: string,
    /** "address:port" of the sender. */
    readonly remote: string,
    private readonly ingest: LineIngest,
    maxLineBytes: number,
  ) {
    this.framer = new LineFramer(maxLineBytes, this);
  }

  set maxLineBytes(n: number) {
    this.framer.maxLineBytes = n;
  }

  /** Reads one chunk that arrived at `now`. */
  push(chunk: Buffer, now: number): void {
    this.now = now;
    const ingest = this.ingest;
    ingest.bytes(chunk.length, now);
    ingest.beginChunk?.(now);
    try {
      this.framer.push(chunk);
    } finally {
      ingest.endChunk?.();
    }
  }

  /** The peer closed cleanly at `now`: a last line without newline still counts. */
  finish(now: number): void {
    this.now = now;
    this.framer.end();
  }

  /** The connection died (reset, drop, stop): a partial last line is lost, as the sender never finished it. */
  abort(): void {
    this.framer.discard();
  }

  /** What the framer holds, for another stream to go on from (this one is then empty). */
  saveFraming(): FramerState {
    return this.framer.save();
  }

  restoreFraming(state: FramerState): void {
    this.framer.restore(state);
  }

  line(buf: Buffer, start: number, end: number): void {
    this.lines++;
    this.ingest.line(this, buf, start, end, this.now);
  }

  overlong(bytes: number): void {
    this.lines++;
    this.ingest.overlong(this, bytes, this.now);
  }
}

/**
 * One TCP client: its socket, its figures for the connections table and, while it is read in this
 * thread, its stream. An ingest worker may read it instead (`remote` is then set): its chunks go
 * there, and its line and reject counts come back with the worker's reports.
 */
export class Connection extends LineStream {
  readonly since: number;
  bytes = 0;
  /** Set while an ingest worker reads this connection's bytes. */
  worker: ConnectionWorker | null = null;
  private rateLines = 0;
  private rateAt: number;
  private linesPerSec = 0;

  constructor(
    id: string,
    private readonly socket: Socket,
    ingest: LineIngest,
    private readonly clock: () => number,
    maxLineBytes: number,
  ) {
    super(id, `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, ingest, maxLineBytes);
    this.since = clock();
    this.rateAt = this.since;
  }

  /** Feeds one chunk from the socket. */
  data(chunk: Buffer): void {
    const now = this.clock();
    this.bytes += chunk.length;
    const worker = this.worker;
    if (worker === null) this.push(chunk, now);
    else worker.data(this, chunk, now);
  }

  /** The peer closed cleanly: a last line without newline still counts. */
  end(): void {
    const worker = this.worker;
    if (worker === null) this.finish(this.clock());
    else worker.end(this, this.clock());
  }

  override abort(): void {
    const worker = this.worker;
    if (worker === null) super.abort();
    else worker.abort(this);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Stops reading until resume() (an ingest worker has too much of it queued). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
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

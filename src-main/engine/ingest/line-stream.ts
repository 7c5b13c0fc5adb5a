// One ordered stream of bytes from one sender, framed into lines for an ingest (LineStream), and what
// it needs: where its lines go (LineIngest) and how a reject names it (LineSource).
import { LineFramer, type FramerState, type LineSink } from './framing';

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
  /** false: the line was blank (whitespace only), neither an event nor a reject, and is not counted as a line. */
  line(conn: LineSource, buf: Buffer, start: number, end: number, now: number): boolean | void;
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
    // Counted as the totals count lines: a blank one is not.
    if (this.ingest.line(this, buf, start, end, this.now) !== false) this.lines++;
  }

  overlong(bytes: number): void {
    this.lines++;
    this.ingest.overlong(this, bytes, this.now);
  }
}

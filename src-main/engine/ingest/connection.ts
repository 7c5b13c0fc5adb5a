// A TCP client (Connection): its socket, its figures, and where its bytes are framed (here, or in an
// ingest worker). `now` is read once per chunk. A busy connection is read by more than one thread
// (see spread): its home thread reads every line that spans chunks, a helper the lines that lie
// whole inside one.
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '../../../src-shared/types';
import { STREAM_PAST_START } from './framing';
import { LineStream, type LineIngest } from './line-stream';

/** An ingest worker reading a connection in this thread's place, or helping it (see Connection.spread). */
export interface ConnectionWorker {
  /** `handOver`: chunk's whole ArrayBuffer may be handed over to the worker (nothing else reads it). A worker not home to conn becomes its helper. */
  data(conn: Connection, chunk: Buffer, now: number, handOver?: boolean): void;
  end(conn: Connection, now: number): void;
  abort(conn: Connection): void;
  /** Bytes posted to it that it has not read yet (the spreader passes the turns of a worker behind). */
  readonly backlog: number;
}

/** Picks the thread that helps read a busy connection with a chunk (IngestPool). */
export interface ChunkSpreader {
  /** Chunks shorter than this are read whole by the home thread: only a busy sender fills reads. */
  readonly spreadFromBytes: number;
  /** The helper for this chunk of conn (a worker, or null for the engine's thread), or undefined to read it whole at home. */
  helperFor(conn: Connection): ConnectionWorker | null | undefined;
}

/** Lines and rejects of a connection counted by one worker. */
interface Figures {
  lines: number;
  rejects: number;
}

const LF = 0x0a;
/** A StatsD type section that starts with `g`: any gauge line holds it (see spread). */
const GAUGE_TYPE = Buffer.from('|g');

/**
 * One TCP client: its socket, its figures for the connections table and, while it is read in this
 * thread, its stream. An ingest worker may read it instead, its home (`worker` is then set): its
 * chunks go there, and its line and reject counts come back with the worker's reports. A busy
 * client's chunks are shared with a helper thread (spread).
 */
export class Connection extends LineStream {
  readonly since: number;
  bytes = 0;
  /** Its home: the worker that reads its chunks (and every line that spans two), null for this thread. */
  worker: ConnectionWorker | null = null;
  /** Set where other threads may help read it. */
  spreader: ChunkSpreader | null = null;
  /** Chunks shared so far; the spreader takes turns by it. */
  spreadTurn = 0;
  /** The workers that read lines of it (home and helpers), with the figures of their last reports. */
  private readonly readers = new Map<ConnectionWorker, Figures>();
  /** What workers that read it no more had counted. */
  private readonly left: Figures = { lines: 0, rejects: 0 };
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
    const spreader = this.spreader;
    if (spreader !== null && chunk.length >= spreader.spreadFromBytes && this.spread(chunk, now, spreader)) return;
    const worker = this.worker;
    if (worker === null) this.push(chunk, now);
    else worker.data(this, chunk, now, ownsMemory(chunk));
  }

  /**
   * Shares a chunk with a helper thread (DESIGN §9): the lines that lie whole inside it go to the
   * helper, its two ends (the rest of the line begun before it, the start of the one it leaves open)
   * to the home thread, whose framer alone ever holds part of a line. Lines of a stream are
   * independent events, and window partials merge exactly, so the counts are those of one reader.
   * Gauges are the exception: a level is its stream's last word and `+N` moves on from it, which
   * only one reader keeps in order, so a chunk that may hold a gauge line stays whole at home (a
   * `|g` elsewhere costs only the sharing). Returns false when the chunk is to be read whole at home.
   */
  private spread(chunk: Buffer, now: number, spreader: ChunkSpreader): boolean {
    const helper = spreader.helperFor(this);
    if (helper === undefined) return false;
    const first = chunk.indexOf(LF);
    const last = chunk.lastIndexOf(LF);
    if (first === last) return false;
    const gauge = chunk.indexOf(GAUGE_TYPE, first + 1);
    if (gauge >= 0 && gauge < last) return false;
    const home = this.worker;
    const whole = chunk.subarray(first + 1, last + 1);
    const owned = ownsMemory(chunk);
    if (home === null) {
      // Read before the chunk's memory goes to the helper.
      this.push(chunk.subarray(0, first + 1), now);
      if (last + 1 < chunk.length) this.push(chunk.subarray(last + 1), now);
      (helper as ConnectionWorker).data(this, whole, now, owned);
      return true;
    }
    // The home worker reads the two ends back to back: the first ends with its newline, so together
    // they are the stream it would have read without the lines between.
    home.data(this, endsOf(chunk, first, last), now, true);
    if (helper !== null) {
      helper.data(this, whole, now, owned);
      return true;
    }
    // This thread helps: its framer, idle or itself a helper before, takes up whole lines.
    this.restoreFraming(STREAM_PAST_START);
    this.push(whole, now);
    return true;
  }

  /** The peer closed cleanly: a last line without newline still counts. */
  end(): void {
    const now = this.clock();
    const worker = this.worker;
    for (const reader of this.readers.keys()) if (reader !== worker) reader.end(this, now);
    if (worker === null) this.finish(now);
    else worker.end(this, now);
  }

  override abort(): void {
    const worker = this.worker;
    for (const reader of this.readers.keys()) if (reader !== worker) reader.abort(this);
    if (worker === null) super.abort();
    else worker.abort(this);
  }

  /** `worker` reads lines of this connection from now on (as its home or a helper). */
  readBy(worker: ConnectionWorker): void {
    if (!this.readers.has(worker)) this.readers.set(worker, { lines: 0, rejects: 0 });
  }

  /** A report of `worker`: the lines and rejects of this connection it counted. */
  counted(worker: ConnectionWorker, lines: number, rejects: number): void {
    const figures = this.readers.get(worker);
    if (figures === undefined) return;
    figures.lines = lines;
    figures.rejects = rejects;
  }

  /** `worker` reads it no more: what it counted stays in the figures. */
  leftBy(worker: ConnectionWorker): void {
    const figures = this.readers.get(worker);
    if (figures === undefined) return;
    this.left.lines += figures.lines;
    this.left.rejects += figures.rejects;
    this.readers.delete(worker);
  }

  /** Lines and rejects over every thread that read it. */
  totals(): Figures {
    const t = { lines: this.lines + this.left.lines, rejects: this.rejects + this.left.rejects };
    for (const f of this.readers.values()) {
      t.lines += f.lines;
      t.rejects += f.rejects;
    }
    return t;
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
    const { lines, rejects } = this.totals();
    // Lines per second over the last full second (or longer when snapshots are sparse).
    if (now - this.rateAt >= 1000) {
      this.linesPerSec = Math.round(((lines - this.rateLines) * 1000) / (now - this.rateAt));
      this.rateLines = lines;
      this.rateAt = now;
    }
    return {
      id: this.id,
      remote: this.remote,
      connected_since: new Date(this.since).toISOString(),
      lines,
      bytes: this.bytes,
      rejects,
      lines_per_sec: this.linesPerSec,
    };
  }
}

/** Whether a chunk is the whole of its memory (a socket read: one ArrayBuffer per read), which may then be handed over. */
function ownsMemory(chunk: Uint8Array): boolean {
  return chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length;
}

/** Bytes [0, first] and (last, end) of chunk, back to back, in memory of their own. */
function endsOf(chunk: Buffer, first: number, last: number): Buffer {
  const tail = chunk.length - last - 1;
  // Not Buffer.allocUnsafe: a small one is a view into a shared pool, which must not be handed over.
  const out = Buffer.from(new ArrayBuffer(first + 1 + tail));
  chunk.copy(out, 0, 0, first + 1);
  chunk.copy(out, first + 1, last + 1);
  return out;
}

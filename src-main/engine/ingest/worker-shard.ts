// The coordinator's handle on one ingest worker thread: posts it the bytes of the connections
// dealt to it (in order, the chunk's memory handed over rather than copied where it can be), asks
// it for windows and figures, and stops reading its connections while too many of their bytes wait
// in its queue. A call that closes windows waits for the answer, which covers every byte posted
// before it; figures and the open window for the live view are asked for without waiting (ask),
// since waiting for a busy worker to work through its queue left the engine's thread idle: polled
// 100 times a second, a worker at a million names had the engine waiting 83 % of the time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Settings } from '../../../src-shared/settings';
import type { LineFormat } from '../../../src-shared/types';
import type { WindowPartial } from '../window/partial';
import type { Connection, ConnectionWorker } from './connection';
import { STREAM_PAST_START, type FramerState } from './framing';
import { LoadMeter } from './dealing';
import {
  SIGNAL_BYTES,
  SIGNAL_REPLY,
  type IngestCall,
  type IngestInput,
  type IngestReport,
  type IngestWorkerData,
  type SyncReply,
} from '../worker/ingest-protocol';

/** Where the ingest worker's code is (a file URL): the built chunk, or (tests, bench) its TypeScript source, run through tsx. */
export interface IngestWorkerSpec {
  url: string;
  /** Chunks of a connection at least this long are shared with a helper thread (see Connection.spread); default 16 KiB. */
  spreadFromBytes?: number;
  /** A worker with fewer bytes queued takes the engine's thread's turns at a busy connection (see helperFor); default 256 KiB, 0 for never. */
  keepingUpBytes?: number;
}

/** Bytes queued for a worker past which its connections stop being read, and under which they read again. */
const QUEUE_HIGH_BYTES = 16 * 1024 * 1024;
const QUEUE_LOW_BYTES = 4 * 1024 * 1024;
/** How long a call may wait for a worker that is running: one that says nothing for this long is taken for dead. */
const CALL_TIMEOUT_MS = 10_000;
/** A worker's first answer waits for it to start (seconds when tests compile TypeScript on the fly). */
const FIRST_CALL_TIMEOUT_MS = 120_000;

/** A call without its number (send() numbers it). */
export type IngestCallBody = IngestCall extends infer C ? (C extends IngestCall ? Omit<C, 'seq'> : never) : never;

/** A worker that did not answer a call in time; the pool treats it as dead. */
export class WorkerSilentError extends Error {}

export class WorkerShard implements ConnectionWorker {
  readonly worker: Worker;
  /** The connections it reads, as their home. */
  readonly connections = new Map<string, Connection>();
  /** The connections it helps read (see Connection.spread). */
  readonly helping = new Map<string, Connection>();
  /** The last report it made: its running totals and its connections' figures. */
  last: IngestReport | null = null;
  /** Bytes posted to it so far, and at its last report: the bytes of a sudden death are the difference. */
  posted = 0;
  reportedBytes = 0;
  /** Bytes per second posted recently, to deal new connections to the least loaded thread. */
  readonly load: LoadMeter;
  /** Set once it exits, or is taken for dead. */
  dead = false;
  /** Its open window (without details) as of its newest answer that had one. */
  current: WindowPartial | null = null;
  private readonly signal: Int32Array;
  private readonly bytesDone: Float64Array;
  private readonly replies: MessagePort;
  private seq = 0;
  /** The call of an ask() not answered yet, 0 when none. */
  private asking = 0;
  private answered = false;
  private paused = false;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(spec: IngestWorkerSpec, init: { settings: Settings; format: LineFormat; now: number; notBefore: number }) {
    const shared = new SharedArrayBuffer(SIGNAL_BYTES);
    this.signal = new Int32Array(shared, 0, 1);
    this.bytesDone = new Float64Array(shared, 8, 1);
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    const workerData: IngestWorkerData = { ...init, signal: shared, replies: port2 };
    const options = { workerData, transferList: [port2] };
    this.worker = spec.url.endsWith('.ts')
      ? new Worker(`import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(spec.url)});`, {
          ...options,
          eval: true,
        })
      : new Worker(new URL(spec.url), options);
    this.load = new LoadMeter(init.now);
  }

  /** Becomes the home of `conn`, going on from the framing another reader left (its stream is kept if it helped). */
  adopt(conn: Connection, framing?: FramerState): void {
    this.helping.delete(conn.id);
    this.connections.set(conn.id, conn);
    conn.worker = this;
    conn.readBy(this);
    this.post({ t: 'open', id: conn.id, remote: conn.remote, framing });
    if (this.paused) conn.pause();
  }

  /** Starts helping read `conn`: whole lines, from a line boundary. */
  help(conn: Connection): void {
    if (this.connections.has(conn.id) || this.helping.has(conn.id)) return;
    this.helping.set(conn.id, conn);
    conn.readBy(this);
    this.post({ t: 'open', id: conn.id, remote: conn.remote, framing: STREAM_PAST_START });
  }

  /** Bytes posted to it that it has not read yet. */
  get backlog(): number {
    return this.posted - this.bytesDone[0]!;
  }

  data(conn: Connection, chunk: Buffer, now: number, handOver = false): void {
    const n = chunk.length;
    if (!this.connections.has(conn.id)) this.help(conn);
    // A chunk whose memory nothing else reads (a socket read: one ArrayBuffer per read) is handed
    // over; otherwise it is copied, since handing the memory over would take the rest with it.
    const bytes = handOver ? chunk : new Uint8Array(chunk);
    this.worker.postMessage({ t: 'data', id: conn.id, now, chunk: bytes } satisfies IngestInput, [bytes.buffer as ArrayBuffer]);
    this.posted += n;
    if (!this.paused && this.posted - this.bytesDone[0]! > QUEUE_HIGH_BYTES) this.pause();
  }

  end(conn: Connection, now: number): void {
    this.connections.delete(conn.id);
    this.helping.delete(conn.id);
    this.post({ t: 'end', id: conn.id, now });
  }

  abort(conn: Connection): void {
    this.connections.delete(conn.id);
    this.helping.delete(conn.id);
    this.post({ t: 'abort', id: conn.id });
  }

  /** Datagrams back to back (see the `datagrams` message); `bytes` is handed over. */
  datagrams(now: number, bytes: Uint8Array, ends: Int32Array, senders: string[]): void {
    this.worker.postMessage({ t: 'datagrams', now, bytes, ends, senders } satisfies IngestInput, [
      bytes.buffer as ArrayBuffer,
      ends.buffer as ArrayBuffer,
    ]);
    this.posted += bytes.length;
  }

  format(format: LineFormat): void {
    this.post({ t: 'format', format });
  }

  /** Posts a call; its answer, which covers every byte posted before, is taken with receive(). */
  send(msg: IngestCallBody): number {
    if (this.dead) throw new WorkerSilentError('the ingest worker has stopped');
    const seq = ++this.seq;
    this.worker.postMessage({ ...msg, seq } as IngestCall);
    return seq;
  }

  /**
   * Posts a call whose answer is taken later, by takeAnswers() or on the way to a receive(): at most
   * one is out at a time, so a worker behind on its queue is not asked again and again.
   */
  ask(msg: IngestCallBody): void {
    if (this.asking !== 0 || this.dead) return;
    this.asking = this.send(msg);
  }

  /** Notes the answers to ask() that have arrived, without waiting. */
  takeAnswers(): void {
    if (this.dead) return;
    for (;;) {
      const got = receiveMessageOnPort(this.replies) as { message: IngestReport } | undefined;
      if (!got) return;
      if (got.message.seq === this.asking) this.take(got.message);
    }
  }

  /**
   * Waits for the answer to call `seq`. Blocks this thread (the engine's, never the UI's): a worker
   * answers within the time its queue takes, which flow control bounds. Throws WorkerSilentError
   * when it does not answer in time (it is then stopped and marked dead).
   */
  receive<R extends IngestReport>(seq: number): R {
    const timeout = this.answered ? CALL_TIMEOUT_MS : FIRST_CALL_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    for (;;) {
      const got = receiveMessageOnPort(this.replies) as { message: R } | undefined;
      if (got) {
        const message = got.message;
        if (message.seq === seq) {
          this.answered = true;
          this.take(message);
          return message;
        }
        // An ask()'s answer is taken on the way; any other is from a call that timed out before.
        if (message.seq === this.asking) this.take(message);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.dead) {
        this.dead = true;
        void this.worker.terminate();
        throw new WorkerSilentError(`the ingest worker did not answer within ${Math.round(timeout / 1000)} s`);
      }
      Atomics.wait(this.signal, SIGNAL_REPLY, Atomics.load(this.signal, SIGNAL_REPLY), Math.min(left, 100));
    }
  }

  /** Bytes posted since the last report: what a sudden death loses without counting. */
  get unreported(): number {
    return this.posted - this.reportedBytes;
  }

  /** Stops a worker that failed and closes its connections (their clients see it); says how many, and the bytes it never reported. */
  fail(): { connections: number; bytes: number } {
    const conns = [...this.connections.values(), ...this.helping.values()];
    const bytes = this.unreported;
    void this.stop();
    for (const conn of conns) {
      if (conn.worker === this) conn.worker = null;
      conn.leftBy(this);
      conn.destroy();
    }
    this.connections.clear();
    this.helping.clear();
    return { connections: conns.length, bytes };
  }

  /** It reads its connections no more (it retired): what it counted of them stays in their figures. */
  leave(): void {
    for (const conn of [...this.connections.values(), ...this.helping.values()]) conn.leftBy(this);
    this.connections.clear();
    this.helping.clear();
  }

  stop(): Promise<number> {
    this.dead = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.replies.close();
    return this.worker.terminate();
  }

  private take(report: IngestReport): void {
    if (report.seq === this.asking) this.asking = 0;
    const current = (report as Partial<SyncReply>).current;
    if (current) this.current = current;
    this.last = report;
    this.reportedBytes = report.counters.bytes;
    for (const fig of report.connections) (this.connections.get(fig.id) ?? this.helping.get(fig.id))?.counted(this, fig.lines, fig.rejects);
  }

  private post(msg: IngestInput): void {
    this.worker.postMessage(msg);
  }

  private pause(): void {
    this.paused = true;
    // Only the connections it is home to: one it helps is given more only while it keeps up (IngestPool.helperFor).
    for (const conn of this.connections.values()) conn.pause();
    const check = () => {
      this.drainTimer = null;
      if (this.dead) return;
      if (this.posted - this.bytesDone[0]! > QUEUE_LOW_BYTES) {
        this.drainTimer = setTimeout(check, 1);
        return;
      }
      this.paused = false;
      for (const conn of this.connections.values()) conn.resume();
    };
    this.drainTimer = setTimeout(check, 1);
  }
}

/** The built ingest worker beside this chunk (see electron.vite.config.ts), or null when running from source. */
export function builtIngestWorker(): IngestWorkerSpec | null {
  const url = new URL('./ingest-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? { url: url.href } : null;
}

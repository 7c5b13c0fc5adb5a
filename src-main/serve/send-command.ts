// `tallyline send`: paced traffic over C TCP connections, and an exact account of what went out
// (lines per event name, bytes, per connection) so a check can compare it with what was counted.
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError } from '../engine/index';
import { formatHostPort, type HostPort } from './host-port';
import { LineGenerator, TRAFFIC_FORMATS, type TrafficFormat } from './traffic';

export interface SendOptions {
  to: HostPort;
  /** Lines per second over all connections. Default 1000. */
  rate?: number;
  /** Distinct event names. Default 10. */
  names?: number;
  /** Default 'plain'. */
  format?: TrafficFormat;
  /** Seconds of sending; rate × duration lines in all (sending takes longer if the receiver is slower). 0 sends until stop(). Default 10. */
  durationSec?: number;
  /** Connections the lines are dealt over, in turn. Default 1. */
  connections?: number;
  /** Seed of the name choice. Default 1. */
  seed?: number;
  /** Monotonic ms, for pacing. Default performance.now. */
  now?: () => number;
  /** Pacing step, ms. Default 20. */
  tickMs?: number;
}

export interface ConnectionReport {
  lines: number;
  bytes: number;
  /** Why the connection stopped early, when it did. */
  error?: string;
}

export interface SendReport {
  to: string;
  format: TrafficFormat;
  lines: number;
  bytes: number;
  /** Lines per event name; each line is one event in every format. */
  events: Record<string, number>;
  connections: ConnectionReport[];
  seconds: number;
}

export interface SendRun {
  /** Resolves when every line is written and every connection closed; rejects when no connection could be made. */
  done: Promise<SendReport>;
  /** Ends sending early (the report says what went out). */
  stop(): void;
}

interface Conn {
  socket: Socket;
  report: ConnectionReport;
  alive: boolean;
}

/** Largest batch per connection per step, so catching up after a stall stays a bounded write. */
const MAX_LINES_PER_STEP = 50_000;

function checkOptions(o: SendOptions): Required<Omit<SendOptions, 'to' | 'now'>> {
  const rate = o.rate ?? 1000;
  const names = o.names ?? 10;
  const format = o.format ?? 'plain';
  const durationSec = o.durationSec ?? 10;
  const connections = o.connections ?? 1;
  const bad = (m: string) => new EngineError('BAD_REQUEST', m);
  if (!(Number.isFinite(rate) && rate > 0)) throw bad(`--rate must be a number of lines per second above 0, not ${o.rate}`);
  if (!(Number.isInteger(names) && names >= 1 && names <= 1_000_000))
    throw bad(`--names must be a whole number from 1 to 1000000, not ${o.names}`);
  if (!TRAFFIC_FORMATS.includes(format))
    throw bad(`--format must be one of ${TRAFFIC_FORMATS.join(', ')}, not ${JSON.stringify(o.format)}`);
  if (!(Number.isFinite(durationSec) && durationSec >= 0))
    throw bad(`--duration must be a number of seconds, 0 or more, not ${o.durationSec}`);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= 10_000)) {
    throw bad(`--connections must be a whole number from 1 to 10000, not ${o.connections}`);
  }
  return { rate, names, format, durationSec, connections, seed: o.seed ?? 1, tickMs: o.tickMs ?? 20 };
}

function open(to: HostPort): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: to.host, port: to.port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const where = formatHostPort(to.host, to.port);
      const why = err.code === 'ECONNREFUSED' ? 'nothing is listening there (connection refused)' : err.message;
      reject(new EngineError('UNREACHABLE', `could not connect to ${where}: ${why}`));
    });
  });
}

function track(socket: Socket): Conn {
  const conn: Conn = { socket, report: { lines: 0, bytes: 0 }, alive: true };
  socket.on('error', (err) => {
    conn.alive = false;
    conn.report.error ??= err.message;
  });
  socket.on('close', () => {
    if (conn.alive) conn.report.error ??= 'closed by the receiver';
    conn.alive = false;
  });
  socket.resume(); // the receiver never answers, but anything it sends must not pile up
  return conn;
}

function drained(socket: Socket): Promise<void> {
  if (!socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function closed(conn: Conn): Promise<void> {
  return new Promise((resolve) => {
    if (conn.socket.destroyed) return resolve();
    conn.socket.once('close', () => resolve());
    conn.alive = false; // an orderly end is not an error
    conn.socket.end();
  });
}

export function startSend(options: SendOptions): SendRun {
  const o = checkOptions(options);
  const now = options.now ?? (() => performance.now());
  const abort = new AbortController();
  const done = (async (): Promise<SendReport> => {
    const sockets = await Promise.allSettled(Array.from({ length: o.connections }, () => open(options.to)));
    const failed = sockets.find((s) => s.status === 'rejected');
    if (failed) {
      for (const s of sockets) if (s.status === 'fulfilled') s.value.destroy();
      throw (failed as PromiseRejectedResult).reason;
    }
    const conns = sockets.map((s) => track((s as PromiseFulfilledResult<Socket>).value));
    const gen = new LineGenerator({ names: o.names, format: o.format, seed: o.seed });
    const events = new Map<number, number>();
    const total = o.durationSec > 0 ? Math.round(o.rate * o.durationSec) : Infinity;
    const start = now();
    let sent = 0;
    let turn = 0;
    while (!abort.signal.aborted && sent < total && conns.some((c) => c.alive)) {
      // Line k goes out at k / rate seconds: the first at once, the last just before the end.
      const due = Math.min(total, Math.floor((o.rate * (now() - start)) / 1000) + 1);
      const batches = new Map<Conn, string[]>();
      for (let n = Math.min(due - sent, MAX_LINES_PER_STEP * conns.length); n > 0; n--) {
        let conn = conns[turn++ % conns.length];
        while (!conn.alive) conn = conns[turn++ % conns.length];
        const line = gen.next();
        const batch = batches.get(conn) ?? [];
        batch.push(line.text);
        batches.set(conn, batch);
        events.set(line.name, (events.get(line.name) ?? 0) + 1);
        conn.report.lines++;
        sent++;
      }
      for (const [conn, lines] of batches) {
        const text = lines.join('');
        conn.report.bytes += Buffer.byteLength(text);
        conn.socket.write(text);
      }
      if (sent >= total) break;
      await Promise.all(conns.map((c) => drained(c.socket)));
      await sleep(o.tickMs, undefined, { signal: abort.signal }).catch(() => undefined);
    }
    await Promise.all(conns.filter((c) => c.alive).map(closed));
    const names = gen.names;
    return {
      to: formatHostPort(options.to.host, options.to.port),
      format: o.format,
      lines: sent,
      bytes: conns.reduce((a, c) => a + c.report.bytes, 0),
      events: Object.fromEntries([...events].sort((a, b) => a[0] - b[0]).map(([i, n]) => [names[i], n])),
      connections: conns.map((c) => c.report),
      seconds: Math.round(now() - start) / 1000,
    };
  })();
  return { done, stop: () => abort.abort() };
}

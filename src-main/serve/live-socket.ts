// WS /api/live: every client gets the engine's snapshots as LiveMessage frames, paced per client
// (SnapshotPacer), plus export progress. A client whose socket has more than `maxBufferedBytes`
// queued is skipped rather than buffered, so one slow browser cannot grow the server's memory.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ExportProgress, LiveMessage, Unsubscribe } from '../../src-shared/api';
import type { Snapshot } from '../../src-shared/types';
import { checkAccess, type AccessPolicy } from './auth';
import { SnapshotPacer, type PacerClock } from '../push/snapshot-pacer';

export interface LiveSocketOptions {
  /** Source of snapshots (an EngineClient). */
  onSnapshot: (cb: (s: Snapshot) => void) => Unsubscribe;
  policy: AccessPolicy;
  /** Queued bytes on a client above which its frames are skipped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Shortest gap between two snapshot frames to one client, ms. Default 250. */
  minGapMs?: number;
  /** Ping period that finds dead peers, ms. Default 30000. */
  pingIntervalMs?: number;
  /** Default the real clock. */
  clock?: PacerClock;
}

interface Client {
  ws: WebSocket;
  pacer: SnapshotPacer;
  alive: boolean;
}

export class LiveSocket {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  readonly #clients = new Set<Client>();
  readonly #opts: LiveSocketOptions;
  readonly #maxBuffered: number;
  readonly #unsubscribe: Unsubscribe;
  readonly #ping: NodeJS.Timeout;
  // One JSON text per snapshot object, however many clients get it.
  #frameCache = new WeakMap<Snapshot, string>();
  #latest: Snapshot | null = null;
  #skipped = 0;

  constructor(opts: LiveSocketOptions) {
    this.#opts = opts;
    this.#maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
    this.#unsubscribe = opts.onSnapshot((s) => {
      this.#latest = s;
      for (const c of this.#clients) c.pacer.offer(s);
    });
    this.#ping = setInterval(() => this.#pingAll(), opts.pingIntervalMs ?? 30_000);
    this.#ping.unref();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Frames not sent because a client had more than maxBufferedBytes queued. */
  get skippedFrames(): number {
    return this.#skipped;
  }

  /** Takes over an HTTP upgrade of /api/live: refuses it with a JSON error, or adds a client. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refusal = checkAccess(req, url, this.#opts.policy);
    if (refusal) {
      const body = JSON.stringify({ error: refusal.error });
      const reason = refusal.status === 401 ? 'Unauthorized' : 'Forbidden';
      socket.end(
        `HTTP/1.1 ${refusal.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#add(ws));
  }

  /** Sends export progress to every client that is keeping up. */
  broadcastExportProgress(p: ExportProgress): void {
    const text = JSON.stringify({ type: 'exportProgress', data: p } satisfies LiveMessage);
    for (const c of this.#clients) this.#send(c.ws, text);
  }

  /** Says goodbye to every client (1001), then drops any that do not close within `graceMs` (default 1000). */
  async close(graceMs = 1000): Promise<void> {
    this.#unsubscribe();
    clearInterval(this.#ping);
    const closing = [...this.#clients].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.pacer.close();
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => c.ws.terminate(), graceMs);
          c.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          c.ws.close(1001, 'server shutting down');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #add(ws: WebSocket): void {
    const client: Client = {
      ws,
      alive: true,
      pacer: new SnapshotPacer({ deliver: (s) => this.#sendSnapshot(ws, s), minGapMs: this.#opts.minGapMs, clock: this.#opts.clock }),
    };
    this.#clients.add(client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      client.pacer.close();
      this.#clients.delete(client);
    });
    // A new client sees the present at once; earlier closed windows are in /api/summaries.
    if (this.#latest) client.pacer.offer({ ...this.#latest, closed: [] });
  }

  #sendSnapshot(ws: WebSocket, s: Snapshot): boolean {
    let text = this.#frameCache.get(s);
    if (text === undefined) {
      text = JSON.stringify({ type: 'snapshot', data: s } satisfies LiveMessage);
      this.#frameCache.set(s, text);
    }
    return this.#send(ws, text);
  }

  #send(ws: WebSocket, text: string): boolean {
    if (ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount > this.#maxBuffered) {
      this.#skipped++;
      return false;
    }
    ws.send(text);
    return true;
  }

  #pingAll(): void {
    for (const c of this.#clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }
}

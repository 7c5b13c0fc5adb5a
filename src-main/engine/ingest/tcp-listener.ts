// The TCP transport: a net.Server that can start and stop any number of times, tracks its
// sockets so stop can destroy them, caps connections and has an error handler on every socket.
import { createServer, type Server, type Socket } from 'node:net';
import { Connection } from './connection';
import type { LineIngest } from './line-stream';
import { listenError } from './listen-errors';

export interface ListenerHooks {
  /** Epoch ms; the engine's one clock. */
  clock: () => number;
  /** A connection was accepted (before its first byte is read): where its bytes are read is decided here. */
  accepted?: (conn: Connection) => void;
  /** The number of open connections changed. */
  connectionsChanged: (open: number, now: number) => void;
  /** A connection was refused because the limit was reached. */
  refused: (remote: string) => void;
  /** Handling a client's bytes threw (a bug, not bad input): that client was disconnected. */
  failed: (remote: string, err: unknown) => void;
}

export class TcpListener {
  /** Most simultaneous clients; a connection beyond it is closed at once. Default 1024. */
  maxConnections = 1024;
  private server: Server | null = null;
  private readonly open = new Map<string, Connection>();
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private lineLimit = 65536;
  private bound: { host: string; port: number } | null = null;
  /** Set while stop() waits for the clients to finish: called once no socket is left. */
  private allClosed: (() => void) | null = null;

  constructor(
    private readonly ingest: LineIngest,
    private readonly hooks: ListenerHooks,
  ) {}

  get address(): { host: string; port: number } | null {
    return this.bound;
  }

  /** Longest line in bytes, applied to every open connection too. Default 65536. */
  set maxLineBytes(n: number) {
    this.lineLimit = n;
    for (const c of this.open.values()) c.maxLineBytes = n;
  }

  connections(): IterableIterator<Connection> {
    return this.open.values();
  }

  get connectionCount(): number {
    return this.open.size;
  }

  /** Resolves with the bound address (the real port when 0 was asked), rejects with an EngineError. */
  async start(host: string, port: number): Promise<{ host: string; port: number }> {
    if (this.server) await this.stop();
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port));
      server.once('error', onError);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    // After listening, a server error (rare: EMFILE on accept) must not crash the engine.
    server.on('error', () => {});
    const addr = server.address();
    this.server = server;
    this.bound = { host, port: typeof addr === 'object' && addr ? addr.port : port };
    return this.bound;
  }

  /**
   * Stops accepting, then reads what the clients already sent for up to `drainMs` (each is sent
   * our FIN, and what arrives before its own FIN or the deadline is counted as usual), then
   * destroys the sockets still open. Without a drain, lines in the kernel's buffers (one batch per
   * connection under load) would be lost.
   */
  async stop(drainMs = 0): Promise<void> {
    const server = this.server;
    this.server = null;
    this.bound = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    if (drainMs > 0 && this.sockets.size > 0) {
      for (const socket of this.sockets) socket.end();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, drainMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.allClosed = done;
      });
      this.allClosed = null;
    }
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Disconnects one client; false when the id is unknown. */
  drop(id: string): boolean {
    const conn = this.open.get(id);
    if (!conn) return false;
    conn.destroy();
    return true;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => {}); // resets are normal for clients; 'close' does the bookkeeping
    if (this.open.size >= this.maxConnections) {
      this.hooks.refused(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.on('close', () => this.forget(socket));
      socket.destroy();
      return;
    }
    const conn = new Connection(`c${this.nextId++}`, socket, this.ingest, this.hooks.clock, this.lineLimit);
    this.open.set(conn.id, conn);
    this.hooks.accepted?.(conn);
    this.hooks.connectionsChanged(this.open.size, this.hooks.clock());
    let ended = false;
    // An exception here would otherwise escape the socket's event and end the whole engine: it
    // costs one client its connection instead (bad input never throws; this is for our bugs).
    const guard = (work: () => void) => {
      try {
        work();
      } catch (err) {
        this.hooks.failed(conn.remote, err);
        socket.destroy();
      }
    };
    socket.on('data', (chunk: Buffer) => guard(() => conn.data(chunk)));
    socket.on('end', () => {
      ended = true;
      guard(() => conn.end());
      socket.end();
    });
    socket.on('close', () => {
      if (!ended) conn.abort();
      this.open.delete(conn.id);
      this.hooks.connectionsChanged(this.open.size, this.hooks.clock());
      this.forget(socket);
    });
  }

  private forget(socket: Socket): void {
    this.sockets.delete(socket);
    if (this.sockets.size === 0) this.allClosed?.();
  }
}

// Real TCP from the test to the ingest listener: clients that send lines, a port held busy, and
// the check that a port refuses connections.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpClient {
  readonly socket: Socket;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    // A dropped client sees ECONNRESET; that is what a test of dropping expects, not a crash.
    socket.on('error', () => {});
  }

  static open(port: number, host = '127.0.0.1'): Promise<TcpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new TcpClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** "127.0.0.1:54321": how the server sees this client. */
  get address(): string {
    return `${this.socket.localAddress}:${this.socket.localPort}`;
  }

  /** Writes each line with its newline and resolves once the bytes are handed to the kernel. */
  send(lines: readonly string[]): Promise<void> {
    return this.write(lines.map((l) => `${l}\n`).join(''));
  }

  /**
   * Sends `lines` again every `everyMs` until `done()` holds (checked between sends): a steady
   * stream, so 1 s windows next to each other all carry the same mix. Resolves with the sends made.
   */
  async sendUntil(lines: readonly string[], done: () => Promise<boolean>, everyMs = 200): Promise<number> {
    for (let sends = 0; ;) {
      await this.send(lines);
      sends += 1;
      if (await done()) return sends;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  async close(): Promise<void> {
    this.socket.end();
    await this.closed;
  }
}

/** The error code of a fresh connection attempt: 'ECONNREFUSED' when nothing listens, null when it connects. */
export async function connectError(port: number, host = '127.0.0.1'): Promise<string | null> {
  try {
    const c = await TcpClient.open(port, host);
    c.socket.destroy();
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** A port something else already listens on, for the "port in use" path. */
export function holdPort(): Promise<{ port: number; server: Server; release: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer((s) => s.destroy());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ port, server, release: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

// A TCP relay on a port the system picks, in front of whichever `tallyline serve` is current. A
// test of serve restarting needs the page to keep its origin while a new serve starts; handing the
// old serve's port to the new one would race anything else on the machine that binds a port in
// between. The relay holds the page's port for the whole test instead, and each serve binds 0.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpRelay {
  readonly port: number;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #target: number | null;

  private constructor(server: Server, port: number, target: number | null) {
    this.#server = server;
    this.port = port;
    this.#target = target;
    server.on('connection', (socket) => this.#relay(socket));
  }

  /** Starts relaying 127.0.0.1:<a free port> to 127.0.0.1:`target`. */
  static async open(target: number | null): Promise<TcpRelay> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new TcpRelay(server, (server.address() as { port: number }).port, target);
  }

  /**
   * Where new connections go. With null each one is reset at once, as a port nothing listens on
   * would refuse it. Connections already relayed stay on their target until it closes them.
   */
  set target(port: number | null) {
    this.#target = port;
  }

  /** Stops listening and cuts every relayed connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => {}); // a reset on either side only ends this pair
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #relay(downstream: Socket): void {
    this.#track(downstream);
    if (this.#target === null) {
      downstream.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: this.#target });
    this.#track(upstream);
    // One side ending or failing ends the other, so the page sees a stopped serve as a closed link.
    downstream.once('close', () => upstream.destroy());
    upstream.once('close', () => downstream.destroy());
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  }
}

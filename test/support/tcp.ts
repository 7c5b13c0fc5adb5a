import { connect, createServer, type Socket } from 'node:net';

/** Opens a real TCP connection to 127.0.0.1:port. */
export function openClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes each chunk as its own write (with a flush between, so chunking really differs). */
export async function writeChunks(socket: Socket, chunks: (string | Buffer)[]): Promise<void> {
  for (const chunk of chunks) {
    await new Promise<void>((resolve, reject) => socket.write(chunk, (err) => (err ? reject(err) : resolve())));
  }
}

/** Ends the connection cleanly and waits until it is closed. */
export function endClient(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
  });
}

/** Sends all chunks, then closes cleanly. */
export async function sendAndClose(port: number, chunks: (string | Buffer)[]): Promise<void> {
  const s = await openClient(port);
  await writeChunks(s, chunks);
  await endClient(s);
}

/** Resolves when a connection attempt is refused (the port is closed). */
export function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/**
 * A port on 127.0.0.1 that refuses connections and that no other program can bind while it is held:
 * the local end of a loopback connection kept open here. Nothing listens on it, so a connection
 * attempt is refused, yet the port stays taken, unlike one that was listened on and closed (which
 * anything may bind before the test connects).
 */
export async function refusingPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Both ends, so closing the listener cannot reset a connection still waiting to be accepted.
  const [client, peer] = await Promise.all([openClient((server.address() as { port: number }).port), accepted]);
  client.on('error', () => {});
  peer.on('error', () => {});
  // Only the connection is needed: stop listening now (close() does so at once; its callback waits
  // for the connection to end, which is release()).
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port: client.localPort!,
    release: async () => {
      client.destroy();
      peer.destroy();
      await serverClosed;
    },
  };
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Polls `probe` until it returns a truthy value (bounded: gives up after `tries`). */
export async function until<T>(probe: () => T | Promise<T>, what: string, tries = 400, everyMs = 25): Promise<Truthy<T>> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v) return v as Truthy<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

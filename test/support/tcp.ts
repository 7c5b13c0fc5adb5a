import { connect, type Socket } from 'node:net';

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

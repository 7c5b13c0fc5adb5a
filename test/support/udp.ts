import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** Sends each datagram from one new socket to host:port, each sent before the next; resolves with the sender's port. */
export async function sendDatagrams(port: number, datagrams: (string | Buffer)[], host = '127.0.0.1'): Promise<number> {
  const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, isIPv6(host) ? '::1' : '127.0.0.1', resolve));
  try {
    for (const d of datagrams) {
      await new Promise<void>((resolve, reject) => socket.send(d, port, host, (err) => (err ? reject(err) : resolve())));
    }
    return socket.address().port;
  } finally {
    socket.close();
  }
}

/** Why a UDP socket cannot be bound on ::1 here (no IPv6 loopback, say), or null when it can. */
export async function noIpv6Loopback(): Promise<string | null> {
  const socket = createSocket('udp6');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '::1', resolve);
    });
    return null;
  } catch (err) {
    return `UDP on ::1 is not available here: ${(err as Error).message}`;
  } finally {
    socket.close();
  }
}

/** Whether a UDP socket can be bound on 127.0.0.1:port now (nothing else holds it). */
export async function udpPortFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSend } from '../../../src-main/serve/send-command';
import { refusingPort } from '../../support/tcp';
import { sum } from './support';

/** A TCP sink that keeps what each connection sent. */
async function sink(): Promise<{ server: Server; port: number; received: string[]; closed: Promise<void>[] }> {
  const received: string[] = [];
  const closed: Promise<void>[] = [];
  const server = createServer((socket: Socket) => {
    const i = received.push('') - 1;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received[i] += d));
    closed.push(new Promise((r) => socket.on('close', () => r())));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, received, closed };
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

describe('startSend', () => {
  it('sends rate x duration lines over the connections, and its report matches what arrived exactly', async () => {
    const s = await sink();
    servers.push(s.server);
    const report = await startSend({
      to: { host: '127.0.0.1', port: s.port },
      rate: 2000,
      durationSec: 0.5,
      names: 7,
      connections: 3,
      format: 'json',
    }).done;
    await Promise.all(s.closed);

    expect(report.lines).toBe(1000);
    expect(sum(Object.values(report.events))).toBe(1000);
    expect(report.connections).toHaveLength(3);
    expect(report.connections.every((c) => c.error === undefined)).toBe(true);
    expect(s.received).toHaveLength(3);
    // What arrived, line by line and per connection, is what the report says.
    const arrived = new Map<string, number>();
    s.received.forEach((text) => {
      for (const line of text.split('\n').filter(Boolean)) {
        const name = JSON.parse(line).event as string;
        arrived.set(name, (arrived.get(name) ?? 0) + 1);
      }
    });
    expect(Object.fromEntries(arrived)).toEqual(report.events);
    expect(s.received.map((t) => Buffer.byteLength(t)).sort()).toEqual(report.connections.map((c) => c.bytes).sort());
    expect(sum(s.received.map((t) => Buffer.byteLength(t)))).toBe(report.bytes);
    expect(sum(report.connections.map((c) => c.lines))).toBe(1000);
  });

  it('paces by the injected clock: line k goes out once k / rate seconds have passed, not before', async () => {
    const s = await sink();
    servers.push(s.server);
    let t = 0;
    const lines = () => s.received.join('').split('\n').filter(Boolean).length;
    const until = async (n: number) => {
      while (lines() < n) await new Promise((r) => setTimeout(r, 5));
    };
    const run = startSend({ to: { host: '127.0.0.1', port: s.port }, rate: 100, durationSec: 100, now: () => t, tickMs: 1 });
    await until(1); // at t = 0 only the first line is due
    t = 500; // 0.5 s at 100/s: lines 0..50 are due
    await until(51);
    run.stop();
    const report = await run.done;
    expect(report.lines).toBe(51);
    expect(lines()).toBe(51);
  });

  it('with duration 0 sends until stopped and reports what went out', async () => {
    const s = await sink();
    servers.push(s.server);
    const run = startSend({ to: { host: '127.0.0.1', port: s.port }, rate: 5000, durationSec: 0, format: 'statsd' });
    // Stop once something has arrived: the point is that an open-ended run ends cleanly with a true report.
    while (s.received.length === 0 || s.received[0] === '') await new Promise((r) => setTimeout(r, 10));
    run.stop();
    const report = await run.done;
    await Promise.all(s.closed);
    expect(report.lines).toBeGreaterThan(0);
    expect(s.received[0].split('\n').filter(Boolean)).toHaveLength(report.lines);
    expect(
      s.received[0]
        .split('\n')
        .filter(Boolean)
        .every((l) => /^[a-z_0-9]+:1\|c$/.test(l)),
    ).toBe(true);
  });

  it('says nothing is listening when the connection is refused', async () => {
    const refusing = await refusingPort();
    try {
      await expect(startSend({ to: { host: '127.0.0.1', port: refusing.port }, rate: 10, durationSec: 1 }).done).rejects.toMatchObject({
        code: 'UNREACHABLE',
        message: expect.stringContaining('connection refused'),
      });
    } finally {
      await refusing.release();
    }
  });

  it('refuses options that cannot work before connecting', () => {
    const to = { host: '127.0.0.1', port: 1 };
    expect(() => startSend({ to, rate: 0 })).toThrow(/--rate/);
    expect(() => startSend({ to, names: 0 })).toThrow(/--names/);
    expect(() => startSend({ to, connections: 1.5 })).toThrow(/--connections/);
    expect(() => startSend({ to, durationSec: -1 })).toThrow(/--duration/);
    expect(() => startSend({ to, format: 'xml' as never })).toThrow(/--format/);
  });
});

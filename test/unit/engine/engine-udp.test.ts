// The engine's listener over UDP, in-process with an injected clock: real StatsD clients (hot-shots,
// a Python socket) counted exactly, the transport setting, one port for TCP and UDP, and the UDP
// figures of status.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import StatsD from 'hot-shots';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListenerState } from '../../../src-shared/types';
import { Engine } from '../../../src-main/engine/engine';
import { EngineError } from '../../../src-main/engine/errors';
import { connectRefused, sendAndClose, until } from '../../support/tcp';
import { sendDatagrams, udpPortFree } from '../../support/udp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0);
let dir: string;
let now: number;
let engine: Engine;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-udp-'));
  now = T0 + 1000;
  engine = await Engine.open({ dataDir: dir, clock: () => now, log: () => {} });
});

afterEach(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function listen(transport?: 'tcp' | 'udp' | 'both'): Promise<number> {
  const state = await engine.startListener({ host: '127.0.0.1', port: 0, ...(transport ? { transport } : {}) });
  if (state.state !== 'listening') throw new Error(`not listening: ${JSON.stringify(state)}`);
  return state.port;
}

/** The open window's events by name, as the snapshot's top list has them. */
function countsByName(): Record<string, number> {
  return Object.fromEntries(engine.tick(now).top_events.map((e) => [e.event, e.count]));
}

/** Runs a hot-shots call and resolves once its datagram is sent (or queued, for a buffering client). */
function sent(call: (cb: (err?: Error) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => call((err) => (err ? reject(err) : resolve())));
}

describe('UDP through the engine', () => {
  it('counts what hot-shots sends, one metric per datagram, exactly as StatsD counts it', async () => {
    const port = await listen();
    const errors: Error[] = [];
    const client = new StatsD({
      host: '127.0.0.1',
      port,
      globalTags: { app: 'tl' },
      includeDataDogTags: false,
      errorHandler: (e) => errors.push(e),
    });
    // hot-shots samples on the client: below rate 1 it sends a line only when Math.random() < rate.
    // Held at 0 here, every sampled call is sent (with its `|@rate`), so the test counts what was sent.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      await sent((cb) => client.timing('api.latency', 42, 0.25, cb)); // ms at @0.25: 4 occurrences
      await sent((cb) => client.increment('api.hits', 3, 0.5, cb)); // 3 at @0.5: 6
      await sent((cb) => client.histogram('payload.size', 100, 0.5, cb)); // h at @0.5: 2
    } finally {
      random.mockRestore();
    }
    await sent((cb) => client.increment('api.hits', 1, cb)); // +1
    await sent((cb) => client.decrement('api.hits', 1, cb)); // a decrement is an occurrence too: +1
    await sent((cb) => client.gauge('mem.used', 512, cb)); // 1
    await sent((cb) => client.set('visitors', 'u1', cb)); // each set line is 1, its value a user
    await sent((cb) => client.set('visitors', 'u2', cb));
    await sent((cb) => client.set('visitors', 'u1', cb));
    await sent((cb) => client.distribution('db.query', 7.5, ['region:eu', 'db:main'], cb)); // 1
    await sent((cb) => client.increment('jobs.done', 2, ['queue:mail'], cb)); // 2
    await new Promise<void>((resolve) => client.close(() => resolve()));
    expect(errors).toEqual([]);

    await until(() => engine.status().totals.udp_datagrams === 11, 'eleven datagrams');
    expect(countsByName()).toEqual({
      'api.latency': 4,
      'api.hits': 8,
      'payload.size': 2,
      'mem.used': 1,
      visitors: 3,
      'db.query': 1,
      'jobs.done': 2,
    });
    const { totals, window } = engine.tick(now);
    expect(totals).toMatchObject({ lines: 11, rejected: 0, events: 21, udp_datagrams: 11 });
    expect(window.distinct_users).toBe(2);
    expect(totals.udp_bytes).toBe(totals.bytes);
  });

  it('counts a buffering hot-shots client, whose datagrams hold several lines, the last without a newline', async () => {
    const port = await listen();
    const client = new StatsD({ host: '127.0.0.1', port, maxBufferSize: 200, bufferFlushInterval: 60_000, includeDataDogTags: false });
    for (let i = 0; i < 30; i++) {
      client.increment(`batch.c${i % 3}`, 1, [`i:${i}`]);
      client.timing('batch.t', i);
    }
    await new Promise<void>((resolve) => client.close(() => resolve()));
    await until(() => engine.status().totals.lines === 60, 'sixty lines');
    expect(countsByName()).toEqual({ 'batch.c0': 10, 'batch.c1': 10, 'batch.c2': 10, 'batch.t': 30 });
    const { totals } = engine.tick(now);
    expect(totals.rejected).toBe(0);
    // Several lines a datagram: fewer datagrams than lines.
    expect(totals.udp_datagrams).toBeGreaterThan(1);
    expect(totals.udp_datagrams).toBeLessThan(60);
  });

  it('counts a datagram of several StatsD lines from a Python client', async () => {
    const port = await listen();
    const lines = ['py.a:1|c', 'py.b:5|ms|@0.5', 'py.c:2|g|#env:ci', 'py.a:4|c|@0.25', 'py.u:u7|s'];
    const script = [
      'import socket, sys',
      's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      `s.sendto(${JSON.stringify(lines.join('\n'))}.encode(), ("127.0.0.1", int(sys.argv[1])))`,
    ].join('\n');
    const py = spawn('python3', ['-c', script, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const [code] = (await once(py, 'exit')) as [number | null];
    expect(code).toBe(0);
    await until(() => engine.status().totals.lines === 5, 'five lines');
    expect(countsByName()).toEqual({ 'py.a': 17, 'py.b': 2, 'py.c': 1, 'py.u': 1 });
    expect(engine.status().totals).toMatchObject({ udp_datagrams: 1, rejected: 0 });
  });

  it('listens on TCP and UDP on one port by default, and stop closes both', async () => {
    const port = await listen();
    expect(engine.status().listener).toEqual({ state: 'listening', host: '127.0.0.1', port, format: 'auto', transport: 'both' });
    await sendAndClose(port, ['tcp-line\n']);
    await sendDatagrams(port, ['udp-line']);
    await until(() => engine.status().totals.events === 2, 'a line from each transport');
    expect(countsByName()).toEqual({ 'tcp-line': 1, 'udp-line': 1 });
    // UDP senders are not connections.
    expect(engine.status().totals.connections_total).toBe(1);

    await engine.stopListener();
    expect(await connectRefused(port)).toBe(true);
    expect(await udpPortFree(port)).toBe(true);
  });

  it("transport 'tcp' binds no UDP socket: a datagram to the port reaches nothing", async () => {
    const port = await listen('tcp');
    expect(engine.status().listener).toMatchObject({ transport: 'tcp' });
    expect(await udpPortFree(port)).toBe(true);
    await sendDatagrams(port, ['lost']);
    await sendAndClose(port, ['kept\n']);
    await until(() => engine.status().totals.events === 1, 'the TCP line');
    expect(countsByName()).toEqual({ kept: 1 });
    expect(engine.status()).toMatchObject({ totals: { udp_datagrams: 0 }, udp_receive_buffer_bytes: null });
  });

  it("transport 'udp' binds no TCP socket: a connection is refused", async () => {
    const port = await listen('udp');
    expect(engine.status().listener).toMatchObject({ transport: 'udp' });
    expect(await connectRefused(port)).toBe(true);
    await sendDatagrams(port, ['only:1|c']);
    await until(() => engine.status().totals.events === 1, 'the UDP line');
  });

  it('a port whose UDP side is taken fails the start with a sentence saying UDP, and frees the TCP side', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((r) => holder.bind(0, '127.0.0.1', r));
    const port = holder.address().port;
    try {
      const err = await engine.startListener({ host: '127.0.0.1', port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).message).toBe(`UDP port ${port} is already in use on 127.0.0.1`);
      expect(engine.status().listener).toEqual<ListenerState>({
        state: 'error',
        code: 'EADDRINUSE',
        message: `UDP port ${port} is already in use on 127.0.0.1`,
      });
      expect(await connectRefused(port)).toBe(true);
      // TCP alone does not need the UDP side.
      await engine.startListener({ host: '127.0.0.1', port, transport: 'tcp' });
    } finally {
      holder.close();
    }
  });

  it('reports the UDP receive buffer granted and the kernel drops (a number on Linux, null where the OS does not tell)', async () => {
    expect(engine.status()).toMatchObject({ udp_receive_buffer_bytes: null, totals: { udp_datagrams: 0, udp_bytes: 0 } });
    await listen();
    const status = engine.status();
    expect(status.udp_receive_buffer_bytes).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(status.totals.udp_drops).toBe(0);
    else expect(status.totals.udp_drops).toBeNull();
    expect(engine.tick(now).totals.udp_drops).toBe(status.totals.udp_drops);
    await engine.stopListener();
    expect(engine.status().udp_receive_buffer_bytes).toBeNull();
  });
});

import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LiveMessage, Snapshot, Summary } from '../../../src-shared/types';
import { EngineClient } from '../../../src-main/engine/worker/client';
import { startHttpServer } from '../../../src-main/serve/http-server';
import { LiveSocket } from '../../../src-main/serve/live-socket';
import { startSend } from '../../../src-main/serve/send-command';
import { call, createWorker, pollUntil, sum, tempDir } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

interface Received {
  at: number;
  msg: LiveMessage;
}

function listen(url: string): Promise<{ ws: WebSocket; frames: Received[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Received[] = [];
    ws.on('message', (data) => frames.push({ at: performance.now(), msg: JSON.parse(String(data)) as LiveMessage }));
    ws.on('open', () => resolve({ ws, frames }));
    ws.on('error', reject);
    cleanups.push(() => ws.terminate());
  });
}

const snapshots = (frames: Received[]) => frames.flatMap((f) => (f.msg.type === 'snapshot' ? [{ at: f.at, s: f.msg.data }] : []));

describe('WS /api/live over a real engine', () => {
  it('sends at most 4 snapshot frames a second even when the engine ticks 20 times a second, and loses no closed window', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    // The engine snapshots every 50 ms here, so pacing, not the engine, has to hold the rate.
    const engine = await EngineClient.start({
      dataDir: join(dir.dir, 'data'),
      settings: { window_seconds: 1 },
      createWorker,
      snapshotIntervalMs: 50,
      log: () => {},
    });
    cleanups.push(() => engine.shutdown());
    const http = await startHttpServer({ engine, uiDir: dir.dir, uiPort: 0 });
    cleanups.push(() => http.close());

    const t0 = performance.now();
    const { frames } = await listen(`${http.url.replace('http:', 'ws:')}/api/live`);
    const started = await call(http.url, 'POST', '/api/listener/start', { port: 0 });
    const report = await startSend({ to: { host: '127.0.0.1', port: started.body.port }, rate: 1000, durationSec: 2, names: 4 }).done;

    // Every sent event must come back in some frame's `closed`: that needs the windows to close.
    await pollUntil(
      async () => sum(snapshots(frames).flatMap((f) => f.s.closed.map((c) => c.events))),
      (n) => n >= report.lines,
      'the closed windows of every event to arrive over the WebSocket',
    );
    // Keep counting for a while longer so the rate is measured over at least 3 s.
    await pollUntil(
      async () => performance.now() - t0,
      (ms) => ms >= 3000,
      '3 s of frames',
    );

    const snaps = snapshots(frames);
    const seconds = (snaps.at(-1)!.at - t0) / 1000;
    expect(snaps.length).toBeGreaterThanOrEqual(8);
    expect(snaps.length).toBeLessThanOrEqual(4 * seconds + 1);

    const closed: Summary[] = snaps.flatMap((f) => f.s.closed);
    expect(new Set(closed.map((c) => c.window_start)).size).toBe(closed.length); // no window twice
    expect(sum(closed.map((c) => c.events))).toBe(report.lines);
    expect(snaps.at(-1)!.s.totals.events).toBe(report.lines);
    // What the socket announced is what the journal holds.
    const journal = (await call(http.url, 'GET', '/api/summaries')).body as Summary[];
    const byStart = new Map(journal.map((s) => [s.window_start, s.events]));
    for (const c of closed) expect(byStart.get(c.window_start), c.window_start).toBe(c.events);
  });

  it('pushes export progress to live clients, ending with done', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const engine = await EngineClient.start({
      dataDir: join(dir.dir, 'data'),
      settings: { window_seconds: 1 },
      createWorker,
      log: () => {},
    });
    cleanups.push(() => engine.shutdown());
    const http = await startHttpServer({ engine, uiDir: dir.dir, uiPort: 0 });
    cleanups.push(() => http.close());
    const { frames } = await listen(`${http.url.replace('http:', 'ws:')}/api/live`);
    expect((await fetch(`${http.url}/api/export/event_counts.csv`)).status).toBe(200);
    const progress = await pollUntil(
      async () => frames.flatMap((f) => (f.msg.type === 'exportProgress' ? [f.msg.data] : [])),
      (p) => p.some((x) => x.done),
      'a final export progress frame',
    );
    expect(progress.at(-1)).toMatchObject({ what: 'event_counts', done: true });
  });
});

describe('LiveSocket with a slow client', () => {
  it('skips a client that does not read instead of buffering for it, while a reading client gets every frame', async () => {
    const listeners = new Set<(s: Snapshot) => void>();
    const live = new LiveSocket({
      onSnapshot: (cb) => (listeners.add(cb), () => listeners.delete(cb)),
      policy: { token: null },
      minGapMs: 0,
      maxBufferedBytes: 1024 * 1024,
    });
    const server: Server = createServer();
    server.on('upgrade', (req, socket, head) => live.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    cleanups.push(() => live.close(100));

    // The slow client: a raw handshake, then it never reads again.
    const slow: Socket = connect({ host: '127.0.0.1', port });
    cleanups.push(() => void slow.destroy());
    slow.write(
      `GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise<void>((resolve) => slow.once('data', () => resolve()));
    slow.pause();
    const { frames } = await listen(`ws://127.0.0.1:${port}/api/live`);
    await pollUntil(
      async () => live.clientCount,
      (n) => n === 2,
      'both clients to be connected',
    );

    const big = 'x'.repeat(512 * 1024);
    const total = 60; // 30 MiB in all: far more than the kernel buffers a paused reader
    for (let i = 0; i < total; i++) {
      for (const cb of listeners) cb({ at: String(i), closed: [], pad: big } as unknown as Snapshot);
      await pollUntil(
        async () => frames.length,
        (n) => n === i + 1,
        `frame ${i} at the reading client`,
      );
    }
    expect(frames.map((f) => (f.msg.data as Snapshot).at)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(live.skippedFrames).toBeGreaterThan(0);
    expect(live.skippedFrames).toBeLessThan(total);
  });
});

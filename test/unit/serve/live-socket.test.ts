import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LiveMessage } from '../../../src-shared/api';
import type { Snapshot, Summary } from '../../../src-shared/types';
import { EngineClient } from '../../../src-main/engine/worker/client';
import { startHttpServer } from '../../../src-main/serve/http-server';
import { LiveSocket } from '../../../src-main/serve/live-socket';
import { ManualClock } from '../../support/manual-clock';
import { createWorker, pollUntil, sendRaw, sum, tempDir } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

interface Received {
  /** The test's clock when the frame arrived (the manual clock, where a test has one). */
  at: number;
  msg: LiveMessage;
}

/** A WebSocket client of `url` that keeps every frame; `closed` resolves after the last one. */
function listen(url: string, now: () => number = () => 0): Promise<{ ws: WebSocket; frames: Received[]; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Received[] = [];
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    ws.on('message', (data) => frames.push({ at: now(), msg: JSON.parse(String(data)) as LiveMessage }));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('error', reject);
    cleanups.push(() => ws.terminate());
  });
}

/** An HTTP server on a port the system picks that hands /api/live upgrades to `live`; returns the port. */
async function serveLive(live: LiveSocket): Promise<number> {
  const server: Server = createServer();
  server.on('upgrade', (req, socket, head) => live.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as { port: number }).port;
}

const snapshots = (frames: Received[]) => frames.flatMap((f) => (f.msg.type === 'snapshot' ? [{ at: f.at, s: f.msg.data }] : []));

/** `n` plain-text event lines. */
const lines = (n: number, name: string) => Array.from({ length: n }, (_, i) => `${name}${i % 3}\n`).join('');

describe('WS /api/live over a real engine', () => {
  it('sends one snapshot frame per 250 ms of its clock however often the engine ticks, and loses no closed window', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    // The engine snapshots every 50 ms of real time here; the pacer's clock moves only when the test
    // says so. So however many snapshots the engine makes, the frames are the pacer's doing.
    const engine = await EngineClient.start({
      dataDir: join(dir.dir, 'data'),
      settings: { window_seconds: 1 },
      createWorker,
      snapshotIntervalMs: 50,
      log: () => {},
    });
    cleanups.push(() => engine.shutdown());
    const clock = new ManualClock();
    let offered = 0;
    let closedEvents = 0;
    const live = new LiveSocket({
      onSnapshot: (cb) =>
        engine.onSnapshot((s) => {
          offered++;
          closedEvents += sum(s.closed.map((c) => c.events));
          cb(s);
        }),
      policy: { token: null },
      clock, // and the default gap, 250 ms
    });
    cleanups.push(() => live.close(100));
    const port = await serveLive(live);

    const { frames, closed } = await listen(`ws://127.0.0.1:${port}/api/live`, clock.now);
    // t = 0: the first snapshot goes at once.
    await pollUntil(
      async () => frames.length,
      (n) => n >= 1,
      'the first frame',
    );
    const offeredAtFirst = offered;

    // Two bursts in two windows; the clock stands still at 0 meanwhile, so every snapshot the engine
    // makes is held and merged into the one frame due at t = 250.
    const listening = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (listening.state !== 'listening') throw new Error(`listener not started: ${JSON.stringify(listening)}`);
    await sendRaw(listening.port, lines(300, 'a'));
    await pollUntil(
      async () => closedEvents,
      (n) => n >= 300,
      'the window of the first burst to close',
    );
    await sendRaw(listening.port, lines(200, 'b'));
    await pollUntil(
      async () => closedEvents,
      (n) => n >= 500,
      'the window of the second burst to close',
    );
    await pollUntil(
      async () => offered - offeredAtFirst,
      (n) => n >= 20,
      'the engine to make 20 snapshots more',
    );
    expect(frames).toHaveLength(1);
    expect(clock.pending()).toBe(1); // the held frame's timer

    clock.advance(249);
    expect(clock.pending()).toBe(1); // not yet
    clock.advance(1);
    expect(clock.pending()).toBe(0);
    await pollUntil(
      async () => frames.length,
      (n) => n >= 2,
      'the frame due at t = 250',
    );

    // The next snapshot waits for t = 500.
    await pollUntil(
      async () => clock.pending(),
      (n) => n === 1,
      'a snapshot held for t = 500',
    );
    clock.advance(250);
    await pollUntil(
      async () => frames.length,
      (n) => n >= 3,
      'the frame due at t = 500',
    );
    // Closing sends its close frame after any frame already sent, so the list below is complete.
    await live.close(1000);
    await closed;

    const snaps = snapshots(frames);
    expect(snaps.map((f) => f.at)).toEqual([0, 250, 500]);
    // (Empty windows close too, with zeros: the first frame may carry one, but no event.)
    expect(sum(snaps[0].s.closed.map((c) => c.events))).toBe(0);
    // The frame at t = 250 carries both bursts' windows, merged from every snapshot held before it.
    expect(sum(snaps[1].s.closed.map((c) => c.events))).toBe(500);
    expect(snaps[1].s.closed.filter((c) => c.events > 0).length).toBeGreaterThanOrEqual(2);

    const all: Summary[] = snaps.flatMap((f) => f.s.closed);
    expect(new Set(all.map((c) => c.window_start)).size).toBe(all.length); // no window twice
    expect(sum(all.map((c) => c.events))).toBe(500);
    expect(snaps[2].s.totals.events).toBe(500);
    // What the socket announced is what the journal holds.
    const journal = await engine.summaries();
    const byStart = new Map(journal.map((s) => [s.window_start, s.events]));
    for (const c of all) expect(byStart.get(c.window_start), c.window_start).toBe(c.events);
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
    cleanups.push(() => live.close(100));
    const port = await serveLive(live);

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

// The engine end to end in-process: real TCP clients on 127.0.0.1, a real journal in a temp
// folder, and an injected clock, so the windows each line lands in are decided by the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Summary, WindowRecord } from '../../../src-shared/types';
import { Engine } from '../../../src-main/engine/engine';
import { readRecords } from '../../../src-main/engine/journal/reader';
import { endClient, openClient, until, writeChunks } from '../../support/tcp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0); // a window start for 60 s windows
let dir: string;
let now: number;
let engine: Engine;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-engine-'));
  now = T0 + 1000;
  engine = await Engine.open({ dataDir: dir, clock: () => now, settings: { max_line_bytes: 1024 }, log: () => {} });
});

afterEach(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

interface Expected {
  counts: Map<string, number>;
  users: Set<string>;
  rejected: number;
  bytes: number;
}

function emptyExpected(): Expected {
  return { counts: new Map(), users: new Set(), rejected: 0, bytes: 0 };
}

/** A client's stream: valid lines of every format mixed with garbage and oversize lines. */
function traffic(client: number, lines: number, exp: Expected): string {
  const out: string[] = [];
  const add = (name: string, n: number) => exp.counts.set(name, (exp.counts.get(name) ?? 0) + n);
  for (let i = 0; i < lines; i++) {
    const name = `ev-${(client * 7 + i) % 13}`;
    switch (i % 7) {
      case 0:
        out.push(`${name}\n`);
        add(name, 1);
        break;
      case 1:
        out.push(`${JSON.stringify({ event: name, user: `u${i % 5}`, value: i })}\r\n`);
        add(name, 1);
        exp.users.add(`u${i % 5}`);
        break;
      case 2:
        out.push(`${name}:3|c|@0.5\n`);
        add(name, 6);
        break;
      case 3:
        out.push(`{"event": "${name}", "oops"\n`);
        exp.rejected++;
        break;
      case 4:
        out.push(`${'x'.repeat(3000)}\n`);
        exp.rejected++;
        break;
      case 5:
        out.push(`${name}:abc|c\n\n`);
        exp.rejected++;
        break;
      default:
        out.push(`visitors:u${i % 3}|s\n`);
        add('visitors', 1);
        exp.users.add(`u${i % 3}`);
    }
  }
  const text = out.join('');
  exp.bytes += Buffer.byteLength(text);
  return text;
}

/** Cuts a byte stream at random places: lines get split and merged across writes. */
function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    if (p > at) out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

function expectWindow(s: Summary, exp: Expected): void {
  const total = [...exp.counts.values()].reduce((a, b) => a + b, 0);
  expect(s.events).toBe(total);
  expect(s.unique_events).toBe(exp.counts.size);
  expect(s.unique_exact).toBe(true);
  expect(s.distinct_users).toBe(exp.users.size);
  expect(s.rejected).toBe(exp.rejected);
  expect(s.bytes).toBe(exp.bytes);
  const top = [...exp.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, s.top_events.length);
  expect(s.top_events.map((e) => [e.event, e.count])).toEqual(top);
}

async function journal(): Promise<WindowRecord[]> {
  const out: WindowRecord[] = [];
  for await (const r of readRecords(dir)) out.push(r);
  return out;
}

describe('Engine with real TCP clients', () => {
  it('closed summaries total exactly what several clients sent, whatever the chunking, garbage and disconnects', async () => {
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const exp = emptyExpected();
    const seeds = fc.sample(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), { numRuns: 4, seed: 42 });
    await Promise.all(
      seeds.map(async (cuts, client) => {
        const socket = await openClient(port);
        await writeChunks(socket, chunk(Buffer.from(traffic(client, 200, exp)), cuts));
        await endClient(socket);
      }),
    );
    // A client that dies mid-line: its complete lines count, the unfinished one does not.
    const dying = await openClient(port);
    const whole = 'dying-1\ndying-2\n';
    await writeChunks(dying, [whole, 'unfinished-li']);
    exp.counts.set('dying-1', 1).set('dying-2', 1);
    exp.bytes += Buffer.byteLength(whole + 'unfinished-li');
    await until(() => engine.status().totals.bytes === exp.bytes, 'every byte to arrive');
    dying.resetAndDestroy();
    await until(() => engine.status().connections.length === 0, 'all connections closed');

    now = T0 + 60_000;
    const snap = engine.tick(now);
    expect(snap.closed).toHaveLength(1);
    expect(snap.closed[0]!.window_start).toBe(new Date(T0).toISOString());
    expectWindow(snap.closed[0]!, exp);
    const records = await journal();
    expect(records.map((r) => r.summary)).toEqual(snap.closed);
    const counted = records[0]!.event_counts.reduce((n, e) => n + e.count, 0);
    expect(counted).toBe(snap.closed[0]!.events);
    expect(engine.status().totals.connections_total).toBe(5);
    expect(engine.status().totals.rejected_by_reason).toEqual({
      invalid_json: 4 * 29,
      line_too_long: 4 * 28,
      invalid_statsd_value: 4 * 28,
    });
  });

  it('events land in the window of their arrival, with empty windows in between', async () => {
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const first = await openClient(port);
    await writeChunks(first, ['a\na\nb\n']);
    await until(() => engine.status().totals.lines === 3, 'three lines');
    now = T0 + 120_500; // two windows later, before any tick
    await writeChunks(first, ['c\n']);
    await until(() => engine.status().totals.lines === 4, 'the fourth line');
    await endClient(first);
    now = T0 + 180_000;
    const closed = engine.tick(now).closed;
    expect(closed.map((s) => [s.window_start, s.events, s.unique_events])).toEqual([
      [new Date(T0).toISOString(), 3, 2],
      [new Date(T0 + 60_000).toISOString(), 0, 0],
      [new Date(T0 + 120_000).toISOString(), 1, 1],
    ]);
    expect(closed.map((s) => s.connections_peak)).toEqual([1, 1, 1]);
  });

  it('a stop writes the open window as partial, so nothing is lost', async () => {
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const c = await openClient(port);
    await writeChunks(c, ['x\ny\n']);
    await until(() => engine.status().totals.lines === 2, 'two lines');
    await endClient(c);
    now = T0 + 30_000;
    await engine.shutdown();
    const records = await journal();
    expect(records).toHaveLength(1);
    expect(records[0]!.summary).toMatchObject({ events: 2, partial: true, window_start: new Date(T0).toISOString() });
  });

  it('counts connections refused over max_connections in the totals, logging the first only', async () => {
    await engine.shutdown();
    const logs: string[] = [];
    engine = await Engine.open({ dataDir: dir, clock: () => now, settings: { max_connections: 2 }, log: (_l, m) => logs.push(m) });
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const kept = [await openClient(port), await openClient(port)];
    await until(() => engine.status().connections.length === 2, 'two connections');
    for (let i = 0; i < 3; i++) {
      const extra = await openClient(port);
      await new Promise((resolve) => extra.once('close', resolve));
    }
    await until(() => engine.status().totals.connections_refused === 3, 'three refusals');
    expect(engine.tick(now).totals).toMatchObject({ connections_refused: 3, connections_total: 2 });
    expect(logs.filter((m) => m.includes('refused'))).toHaveLength(1);
    for (const c of kept) await endClient(c);
  });

  it('an unknown connection is an error with a message, and the engine keeps going', async () => {
    expect(() => engine.dropConnection('c999')).toThrow(/no connection with id c999/);
    const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
    expect(state.state).toBe('listening');
  });

  it('settings apply without restart: a smaller line limit rejects what was accepted before', async () => {
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const c = await openClient(port);
    await writeChunks(c, [`${'n'.repeat(100)}\n`]);
    await until(() => engine.status().totals.lines === 1, 'the first line');
    engine.updateSettings({ max_line_bytes: 50 });
    await writeChunks(c, [`${'n'.repeat(100)}\n`]);
    await until(() => engine.status().totals.lines === 2, 'the second line');
    await endClient(c);
    expect(engine.status().totals).toMatchObject({ events: 1, rejected: 1 });
  });

  it('late events (event time) show in the totals while their window is open and after it closes, once', async () => {
    await engine.shutdown();
    engine = await Engine.open({ dataDir: dir, clock: () => now, settings: { event_time: true, lateness_ms: 5000 }, log: () => {} });
    const { port } = (await engine.startListener({ host: '127.0.0.1', port: 0 })) as { port: number };
    const c = await openClient(port);
    // The engine before it (beforeEach's) journaled its window up to now: a ts from now on is in time.
    await writeChunks(c, [`{"event":"old","ts":${T0 - 120_000}}\n{"event":"fresh","ts":${now + 500}}\n`]);
    await until(() => engine.status().totals.lines === 2, 'two lines');
    await endClient(c);
    expect(engine.status().totals.late).toBe(1);
    expect(engine.tick(now).totals.late).toBe(1);
    now = T0 + 65_000;
    const snap = engine.tick(now);
    expect(snap.closed.map((s) => [s.events, s.late])).toEqual([[1, 1]]);
    expect(snap.totals.late).toBe(1);
    expect(engine.status().totals.late).toBe(1);
  });
});

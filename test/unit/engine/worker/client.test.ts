// EngineClient with the real engine in a real worker thread and the real clock: what Electron main
// and `tallyline serve` both rely on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot, Summary } from '../../../../src-shared/types';
import { EngineClient } from '../../../../src-main/engine/worker/client';
import { createTsWorker } from '../../../support/ts-worker';
import { connectRefused, sendAndClose, until } from '../../../support/tcp';

const workerUrl = new URL('../../../../src-main/engine/worker/engine-worker.ts', import.meta.url);
let dir: string;
let engine: EngineClient;

/** A client on the test's data folder, or on a folder of its own (one engine per folder: the lock). */
async function startClient(dataDir = dir): Promise<EngineClient> {
  return EngineClient.start({
    dataDir,
    settings: { window_seconds: 1 },
    createWorker: (o) => createTsWorker(workerUrl, o),
    log: () => {},
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-host-'));
  engine = await startClient();
});

afterEach(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function sum(summaries: Summary[], key: 'events' | 'rejected'): number {
  return summaries.reduce((n, s) => n + s[key], 0);
}

describe('EngineClient', () => {
  it('drives the worker: listener, snapshots with exact counts, journal, CSV export, stop', async () => {
    const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (state.state !== 'listening') throw new Error('not listening');
    const snapshots: Snapshot[] = [];
    const off = engine.onSnapshot((s) => snapshots.push(s));
    const lines = Array.from({ length: 500 }, (_, i) => `{"event":"e${i % 4}","user":"u${i % 9}"}\n`).join('') + 'oops:1|zz\n';
    await sendAndClose(state.port, [lines]);

    const seen = await until(() => snapshots.some((s) => s.totals.events === 500) && snapshots, 'a snapshot with all events');
    const last = seen[seen.length - 1]!;
    expect(last.totals).toMatchObject({ events: 500, rejected: 1, lines: 501 });
    expect(last.rejects[0]).toMatchObject({ reason: 'invalid_statsd_type', line: 'oops:1|zz' });
    expect(last.listener).toEqual({ state: 'listening', host: '127.0.0.1', port: state.port, format: 'auto', transport: 'both' });

    const closed = await until(async () => {
      const s = await engine.summaries();
      return sum(s, 'events') === 500 && sum(s, 'rejected') === 1 && s;
    }, 'closed windows holding every event');
    expect(Math.max(...closed.map((s) => s.distinct_users))).toBeLessThanOrEqual(9);
    // Closed windows ride along in snapshots too.
    await until(
      () =>
        sum(
          snapshots.flatMap((s) => s.closed),
          'events',
        ) === 500,
      'pushed summaries',
    );
    off();

    const chunks: Buffer[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) });
    const progress: boolean[] = [];
    const result = await engine.exportCsv({ what: 'summaries' }, out, (p) => progress.push(p.done));
    const rows = parse(Buffer.concat(chunks).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.reduce((n, r) => n + Number(r.events), 0)).toBe(500);
    expect(result.rows).toBe(rows.length);
    expect(progress.at(-1)).toBe(true);

    await engine.stopListener();
    expect(await connectRefused(state.port)).toBe(true);
  });

  it('errors cross the worker boundary as codes and sentences', async () => {
    const blocked = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (blocked.state !== 'listening') throw new Error('not listening');
    const second = await startClient(join(dir, 'second'));
    try {
      await expect(second.startListener({ host: '127.0.0.1', port: blocked.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: `port ${blocked.port} is already in use on 127.0.0.1`,
      });
      expect((await second.status()).listener).toMatchObject({ state: 'error', code: 'EADDRINUSE' });
      await expect(second.dropConnection('c404')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await second.shutdown();
    }
  });

  it('a graceful shutdown writes the open window, and a new engine reads the history back', async () => {
    await engine.updateSettings({ window_seconds: 3600 });
    const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (state.state !== 'listening') throw new Error('not listening');
    await sendAndClose(state.port, ['a\nb\nc\n']);
    await until(async () => (await engine.status()).totals.events === 3, 'three events');
    await engine.shutdown();
    await expect(engine.status()).rejects.toMatchObject({ code: 'ENGINE_DOWN' });
    engine = await startClient();
    const history = await engine.summaries();
    expect(sum(history, 'events')).toBe(3);
    expect(history.at(-1)!.partial).toBe(true);
  });

  it('reports a worker that dies on its own, and fails pending and later calls with ENGINE_DOWN', async () => {
    let worker: import('node:worker_threads').Worker | undefined;
    const fragile = await EngineClient.start({
      dataDir: join(dir, 'fragile'),
      createWorker: (o) => (worker = createTsWorker(workerUrl, o)),
      log: () => {},
    });
    const down: string[] = [];
    fragile.onDown((m) => down.push(m));
    await worker!.terminate();
    await until(() => down.length === 1, 'the down report');
    expect(down[0]).toMatch(/the engine exited/);
    await expect(fragile.status()).rejects.toMatchObject({ code: 'ENGINE_DOWN' });
    await fragile.shutdown();
    expect(down).toHaveLength(1);
  });

  it('a data folder that cannot be used fails the start with a message, not a hang', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(
      EngineClient.start({ dataDir: file, createWorker: (o) => createTsWorker(workerUrl, o), log: () => {} }),
    ).rejects.toMatchObject({ code: 'ENGINE_DOWN' });
  });
});

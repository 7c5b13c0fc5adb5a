import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src-shared/types';
import { readSummaries } from '../../../src-main/engine/journal/reader';
import { checkExposure, startServe, type RunningServe } from '../../../src-main/serve/serve-command';
import { startSend } from '../../../src-main/serve/send-command';
import { call, createWorker, pollUntil, tempDir } from './support';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

/** createWorker that remembers the workers it started, to check they end. */
function trackedWorkers() {
  const workers: Worker[] = [];
  const exited: Worker[] = [];
  return {
    workers,
    exited,
    create: (o: WorkerOptions) => {
      const w = createWorker(o);
      workers.push(w);
      w.on('exit', () => exited.push(w));
      return w;
    },
  };
}

describe('checkExposure', () => {
  it('refuses a UI host other machines can reach unless a token is given', () => {
    expect(() => checkExposure('0.0.0.0', null)).toThrow(
      expect.objectContaining({ code: 'TOKEN_REQUIRED', message: expect.stringContaining('--token') }),
    );
    expect(() => checkExposure('192.168.1.5', undefined)).toThrow(expect.objectContaining({ code: 'TOKEN_REQUIRED' }));
    expect(() => checkExposure('0.0.0.0', 'secret')).not.toThrow();
    expect(() => checkExposure('127.0.0.1', null)).not.toThrow();
    expect(() => checkExposure('localhost', null)).not.toThrow();
  });

  it('refuses an empty token', () => {
    expect(() => checkExposure('0.0.0.0', '')).toThrow(/must not be empty/);
  });
});

describe('startServe', () => {
  it('starts nothing when the UI host is exposed without a token', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const t = trackedWorkers();
    await expect(
      startServe({ dataDir: dir.dir, uiDir: dir.dir, createWorker: t.create, uiHost: '0.0.0.0', uiPort: 0 }),
    ).rejects.toMatchObject({ code: 'TOKEN_REQUIRED' });
    expect(t.workers).toEqual([]);
  });

  it('listens for ingest at once with --listen port 0, reports the real ports, and a stop journals the open window', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const dataDir = join(dir.dir, 'data');
    // A 1-hour window stays open through the test: only the stop can write it.
    const running: RunningServe = await startServe({
      dataDir,
      uiDir: dir.dir,
      createWorker,
      uiPort: 0,
      listen: { host: '127.0.0.1', port: 0 },
      settings: { window_seconds: 3600 },
      log: () => {},
    });
    cleanups.push(() => running.stop());
    expect(running.startLine.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.startLine.ingest).toMatch(/^127\.0\.0\.1:\d+$/);
    const ingestPort = Number(running.startLine.ingest!.split(':')[1]);
    expect(ingestPort).toBeGreaterThan(0);
    expect((await call(running.startLine.ui, 'GET', '/api/settings')).body.window_seconds).toBe(3600);

    const report = await startSend({ to: { host: '127.0.0.1', port: ingestPort }, rate: 5000, durationSec: 0.2, names: 3 }).done;
    // Counted by the engine before we stop, so the stop is what is being tested.
    await pollUntil(
      async () => (await call(running.startLine.ui, 'GET', '/api/status')).body.totals.events,
      (n) => n === report.lines,
      'the engine to count every line',
    );
    await running.stop();
    await expect(fetch(running.startLine.ui)).rejects.toThrow();

    const journal: Summary[] = [];
    for await (const s of readSummaries(dataDir)) journal.push(s);
    expect(journal.reduce((a, s) => a + s.events, 0)).toBe(report.lines);
    expect(journal.at(-1)!.partial).toBe(true);
  });

  it('shuts the engine down again when the ingest port is taken, and says so', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const taken = (blocker.address() as { port: number }).port;
    const t = trackedWorkers();
    await expect(
      startServe({
        dataDir: dir.dir,
        uiDir: dir.dir,
        createWorker: t.create,
        uiPort: 0,
        listen: { host: '127.0.0.1', port: taken },
        log: () => {},
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining(String(taken)) });
    expect(t.workers).toHaveLength(1);
    await pollUntil(
      async () => t.exited.length,
      (n) => n === 1,
      'the engine worker to exit',
    );
  });
});

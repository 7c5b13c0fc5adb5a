// A full disk does not end the engine: on a real, small tmpfs filled during ingest, closed windows
// wait in memory (status says history is not being saved, and why), counting goes on, and once
// space returns every window reaches the journal, in order, with every event. Mounting needs root
// (CI runs as root); where it is refused the test says so and is skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src-shared/types';
import { Engine } from '../../../src-main/engine/engine';
import { readSummaries } from '../../../src-main/engine/journal/reader';
import { endClient, openClient, until, writeChunks } from '../../support/tcp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0);
let mountPoint = '';
let refused: string | null = null;

beforeAll(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'tallyline-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (err) {
    refused = `mounting a tmpfs was refused (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); run as root to test a full disk`;
  }
});

afterAll(() => {
  if (!refused) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Fills the file system of `dir` to the last byte with one file, and returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // Whatever fits of a smaller write, so not even a short record has room.
    for (let size = 2048; size >= 1; size >>= 1) {
      try {
        writeSync(fd, block, 0, size);
      } catch {
        // too big for what is left: try smaller
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

describe('a full disk', () => {
  it('keeps the engine counting; windows wait and are all written, in order, once space returns', async (ctx) => {
    if (refused) {
      console.warn(`full-disk test skipped: ${refused}`);
      ctx.skip();
    }
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir);
    let now = T0 + 500;
    const logs: string[] = [];
    const engine = await Engine.open({ dataDir, clock: () => now, settings: { window_seconds: 1 }, log: (_l, m) => logs.push(m) });
    try {
      const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
      if (state.state !== 'listening') throw new Error('not listening');
      const client = await openClient(state.port);
      let sent = 0;
      const sendSecond = async (n: number) => {
        const lines = Array.from({ length: n }, (_, i) => `ev-${i % 50}-${'x'.repeat(40)}\n`).join('');
        await writeChunks(client, [lines]);
        sent += n;
        await until(() => engine.status().totals.lines === sent, `${sent} lines counted`);
      };

      await sendSecond(200);
      now = T0 + 1500;
      engine.tick(now); // window 0 written while there is room
      expect(engine.status().history).toEqual({ saving: true, pending_windows: 0, dropped_windows: 0, error: null });

      const filler = fill(mountPoint);
      for (let s = 1; s <= 5; s++) {
        await sendSecond(300);
        now = T0 + s * 1000 + 1500;
        engine.tick(now);
      }
      const failing = engine.status();
      expect(failing.history.saving).toBe(false);
      expect(failing.history.error).toMatch(/ENOSPC/);
      expect(failing.history.pending_windows).toBeGreaterThanOrEqual(5);
      expect(failing.totals.events).toBe(sent); // counting went on
      expect(logs.some((m) => m.startsWith('history is not being saved: '))).toBe(true);

      unlinkSync(filler);
      // The retry waits out its backoff (at most a minute here), then writes every waiting window.
      for (let step = 0; step < 70 && !engine.status().history.saving; step++) {
        now += 1000;
        engine.tick(now);
      }
      expect(engine.status().history).toEqual({ saving: true, pending_windows: 0, dropped_windows: 0, error: null });
      expect(logs.some((m) => m.startsWith('history is saved again: '))).toBe(true);
      await endClient(client);
    } finally {
      await engine.shutdown();
    }

    const journal: Summary[] = [];
    for await (const s of readSummaries(dataDir)) journal.push(s);
    for (let i = 1; i < journal.length; i++) expect(journal[i].window_start).toBe(journal[i - 1].window_end);
    expect(journal.reduce((n, s) => n + s.events, 0)).toBe(200 + 5 * 300);
  });
});

// The desktop app when its data folder is owned by another process (a `tallyline serve` on the same
// folder, say): the user is asked, with the holder named, and can keep this session's history in a
// separate folder, or quit. The real engine and the real lock; only the dialog is a stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient } from '../../../src-main/engine/worker/client';
import { startEngineOnFreeFolder, type FolderChoice } from '../../../src-main/electron/data-folder';
import { createTsWorker } from '../../support/ts-worker';

vi.mock('electron', async () => (await import('./fake-electron')).fake.module);

const workerUrl = new URL('../../../src-main/engine/worker/engine-worker.ts', import.meta.url);
const createWorker = (o: import('node:worker_threads').WorkerOptions) => createTsWorker(workerUrl, o);
let dir: string;
let holder: EngineClient;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-desktop-folder-'));
  holder = await EngineClient.start({ dataDir: join(dir, 'journal'), createWorker, log: () => {}, owner: 'tallyline serve' });
});
afterEach(async () => {
  await holder.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('startEngineOnFreeFolder', () => {
  it('asks, naming the holder, and starts on the separate folder the user picks', async () => {
    const asked: string[] = [];
    const separate = join(dir, 'separate');
    const engine = await startEngineOnFreeFolder(
      { dataDir: join(dir, 'journal'), createWorker, log: () => {}, owner: 'the Tallyline desktop app' },
      async (message): Promise<FolderChoice> => {
        asked.push(message);
        return { folder: separate };
      },
    );
    try {
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/is in use by tallyline serve \(pid \d+ on /);
      expect(engine?.dataDir).toBe(separate);
      expect((await engine!.status()).listener.state).toBe('stopped');
    } finally {
      await engine?.shutdown();
    }
  });

  it('gives null (the app quits) when the user chooses to quit, and asks again while the pick is taken too', async () => {
    let asks = 0;
    const engine = await startEngineOnFreeFolder({ dataDir: join(dir, 'journal'), createWorker, log: () => {} }, async () =>
      ++asks === 1 ? { folder: join(dir, 'journal') } : { quit: true },
    );
    expect(engine).toBeNull();
    expect(asks).toBe(2);
  });

  it('starts without asking when the folder is free', async () => {
    const ask = vi.fn();
    const engine = await startEngineOnFreeFolder({ dataDir: join(dir, 'free'), createWorker, log: () => {} }, ask);
    expect(ask).not.toHaveBeenCalled();
    await engine?.shutdown();
  });
});

// A second launch while Tallyline runs: it must neither open a window nor start a second engine on
// the same journal; the first instance hears `second-instance` and comes to the front.
import { setImmediate as tick } from 'node:timers/promises';
import { expect, it, vi } from 'vitest';
import { fakeApp as fake } from './fake-electron-app';

vi.mock('electron', async () => (await import('./fake-electron-app')).fakeApp.module);
const workersStarted = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src-main/engine/worker/engine-worker?nodeWorker', () => ({
  default: () => {
    workersStarted.count += 1;
    throw new Error('a second instance must not start the engine');
  },
}));

it('quits at once without a window, an engine or IPC handlers when another instance holds the lock', async () => {
  fake.app.hasLock = false;
  fake.app.setPath('userData', '/nonexistent/tallyline-second-instance');
  await import('../../../src-main/electron/index');
  await tick();
  expect(fake.app.quitCalls).toBe(1);
  expect(fake.windows).toHaveLength(0);
  expect(workersStarted.count).toBe(0);
  expect(fake.ipcMain.handlers.size).toBe(0);
  expect(fake.app.listenerCount('second-instance')).toBe(0);
});

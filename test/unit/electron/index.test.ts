// The main process's wiring (index.ts) booted on a fake Electron app, with the real engine in its
// worker, real settings and journal files: what the app does at start, while running and on quit
// (the _electron e2e spec covers the same with the real binary, where there is one).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../src-shared/api';
import type { Snapshot, Summary } from '../../../src-shared/types';
import { readSummaries } from '../../../src-main/engine/journal/reader';
import type { appMenuTemplate } from '../../../src-main/electron/app-menu';
import { createPreloadApi } from '../../../src-main/electron/preload-api';
import { sendAndClose, until } from '../../support/tcp';
import { asIpcRenderer } from './fake-electron';
import { fakeApp as fake } from './fake-electron-app';

vi.mock('electron', async () => (await import('./fake-electron-app')).fakeApp.module);
vi.mock('../../../src-main/engine/worker/engine-worker?nodeWorker', async () => {
  const { createTsWorker } = await import('../../support/ts-worker');
  const source = new URL('../../../src-main/engine/worker/engine-worker.ts', import.meta.url);
  return { default: (options: object) => createTsWorker(source, options) };
});

let dir: string;
let api: Api;
const appPage = new URL('../../../src-main/renderer/index.html', import.meta.url).href;

function win() {
  const w = fake.windows[0];
  if (!w) throw new Error('no window');
  return w;
}

type MenuItem = ReturnType<typeof appMenuTemplate>[number];

function menuItem(label: string): MenuItem {
  const menu = fake.menus.at(-1) as { template: MenuItem[] };
  for (const top of menu.template) {
    const found = Array.isArray(top.submenu) ? top.submenu.find((i) => i.label?.startsWith(label)) : undefined;
    if (found) return found;
  }
  throw new Error(`no menu item ${label}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-main-'));
  fake.app.setPath('userData', dir);
  // Last time: the listener was running (so it starts again) and the window was maximised.
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({
      listener: { host: '127.0.0.1', port: 0, format: 'auto', autostart: true },
      window: { x: 40, y: 30, width: 1000, height: 700, maximized: true },
    }),
  );
  await import('../../../src-main/electron/index');
  await until(() => fake.windows.length === 1 && fake.menus.length > 0, 'the window and the menu');
  api = createPreloadApi(asIpcRenderer(win().webContents.renderer));
});

afterAll(async () => {
  if (!fake.app.quitDone) {
    fake.app.quit();
    await until(() => fake.app.quitDone, 'the app to quit');
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('main process start', () => {
  it('opens one isolated, sandboxed window without Node, where it was, shown only once painted', () => {
    const w = win();
    expect(w.options).toMatchObject({
      x: 40,
      y: 30,
      width: 1000,
      height: 700,
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
      },
    });
    expect((w.options.webPreferences as { preload: string }).preload).toBe(
      join(import.meta.dirname, '../../../src-main/preload/preload.cjs'),
    );
    expect(w.loaded).toBe(appPage);
    expect(w.visible).toBe(false);
    w.emit('ready-to-show');
    expect(w.visible).toBe(true);
    expect(w.maximized).toBe(true);
  });

  it('denies new windows, navigation and webviews, and refuses every permission', () => {
    const contents = win().webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit(name, event, 'https://example.com');
      expect(event.prevented, name).toBe(true);
    }
    const answers: boolean[] = [];
    fake.session.permissionRequest?.(contents, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(fake.session.permissionCheck?.(contents, 'notifications')).toBe(false);
  });

  it('puts a strict Content-Security-Policy header on every response', () => {
    const answers: { responseHeaders: Record<string, string[]> }[] = [];
    for (const hook of fake.session.headerHooks) {
      hook({ url: appPage, responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => answers.push(r as never));
    }
    expect(answers).toHaveLength(1);
    expect(answers[0]!.responseHeaders['Content-Type']).toEqual(['text/html']);
    expect(answers[0]!.responseHeaders['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self';/);
  });

  it('starts the listener again because it was running last time, and the menu offers Stop', async () => {
    const status = await until(async () => {
      const s = await api.status();
      return s.listener.state === 'listening' ? s : null;
    }, 'the autostarted listener');
    expect(status.listener).toMatchObject({ host: '127.0.0.1', format: 'auto' });
    await until(() => menuItem('Stop Listening').enabled === true, 'the menu to follow the listener');
    expect(menuItem('Start Listening').enabled).toBe(false);
  });

  it('focuses the window when the app is launched a second time', () => {
    const before = win().focused;
    fake.app.emit('second-instance', {}, ['tallyline'], dir);
    expect(win().focused).toBe(before + 1);
  });
});

describe('main process quit', () => {
  it('waits for the engine: the open window is journaled as partial and the window place remembered', async () => {
    const status = await api.status();
    if (status.listener.state !== 'listening') throw new Error('not listening');
    const snapshots: Snapshot[] = [];
    const off = api.onSnapshot((s) => snapshots.push(s));
    await sendAndClose(status.listener.port, ['a\nb\na\n']);
    await until(() => snapshots.some((s) => s.totals.events === 3), 'a snapshot with the events');
    off();

    win().options.x = 200; // the user moved the window
    fake.app.quit();
    expect(fake.app.quitDone).toBe(false); // held until the engine is down
    await until(() => fake.app.quitDone, 'the quit to go through');

    const journaled: Summary[] = [];
    for await (const s of readSummaries(join(dir, 'journal'))) journaled.push(s);
    expect(journaled.reduce((n, s) => n + s.events, 0)).toBe(3);
    expect(journaled.at(-1)).toMatchObject({
      partial: true,
      top_events: [
        { event: 'a', count: 2 },
        { event: 'b', count: 1 },
      ],
    });

    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved.window).toEqual({ x: 200, y: 30, width: 1000, height: 700, maximized: true });
    expect(saved.listener.autostart).toBe(true);
    expect(fake.errorBoxes).toEqual([]);
  });
});

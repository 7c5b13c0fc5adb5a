// The desktop app itself, launched from the build (out/main/index.js) with Playwright's Electron
// driver: the UI starts the listener through window.tallyline, real TCP events arrive in a pushed
// snapshot with exact counts, an export streams to a file, the UI stops the listener, and quitting
// writes the last window to the journal. Needs Electron's binary (node_modules/electron/dist),
// which cannot be downloaded everywhere: without it the spec is skipped and says why.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { Api } from '../../src-shared/api';
import type { Snapshot } from '../../src-shared/types';
import { readSummaries } from '../../src-main/engine/journal/reader';
import { connectRefused, sendAndClose } from '../support/tcp';
import { DashboardPage } from './support/dashboard-page';

const root = new URL('../..', import.meta.url).pathname;

/** The Electron executable, found the way node_modules/electron does but without its download fallback. */
function electronBinary(): { path: string } | { missing: string } {
  const pkg = join(root, 'node_modules/electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: `${pathTxt} is missing (Electron's binary was never downloaded)` };
  const exe = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(exe)) return { missing: `${exe} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'there is no display (run under xvfb-run)' };
  }
  return { path: exe };
}

const binary = electronBinary();
const skipReason = 'missing' in binary ? `Electron e2e skipped: ${binary.missing}` : '';
if (skipReason) console.log(skipReason);

/** The page's globals, as seen from the test (the Node typings here have no DOM). */
interface PageGlobals {
  tallyline: Api;
  require?: unknown;
  process?: unknown;
}

let userData: string;
let app: ElectronApplication;
let page: Page;

test.describe('desktop app', () => {
  test.skip(skipReason !== '', skipReason);

  test.beforeEach(async () => {
    userData = mkdtempSync(join(tmpdir(), 'tallyline-electron-'));
    const env = { ...process.env, TALLYLINE_USER_DATA: userData } as Record<string, string>;
    delete env.ELECTRON_RENDERER_URL;
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      // Chromium refuses to run as root with its sandbox on (CI containers).
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join(root, 'out/main/index.js')],
      cwd: root,
      env,
    });
    page = await app.firstWindow();
  });

  test.afterEach(async () => {
    await app?.close().catch(() => {});
    rmSync(userData, { recursive: true, force: true });
  });

  test('listens, counts TCP events in pushed snapshots, exports, stops, and journals the last window on quit', async () => {
    // The renderer is locked down: the Api and nothing of Node or Electron.
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return [typeof w.tallyline, typeof w.require, typeof w.process];
    });
    expect(globals).toEqual(['object', 'undefined', 'undefined']);
    await page.evaluate(() => (globalThis as unknown as PageGlobals).tallyline.updateSettings({ window_seconds: 1 }));

    const dashboard = new DashboardPage(page);
    await expect(page.getByTestId('link-state')).toHaveText('UI connected');
    const port = await dashboard.startListening(0);
    await expect(dashboard.status).toHaveText(`Listening on 127.0.0.1:${port}`);

    const seen = page.evaluate(
      () =>
        new Promise<Snapshot>((resolve) => {
          const off = (globalThis as unknown as PageGlobals).tallyline.onSnapshot((s) => {
            if (s.totals.lines === 6) {
              off();
              resolve(s);
            }
          });
        }),
    );
    await sendAndClose(port, ['signup\nsign', 'up\nlogin\n{"event":"buy","user":"u1"}\nlogins:2|c\nbad:x|c\n']);
    const snapshot = await seen;
    expect(snapshot.totals).toMatchObject({ events: 6, lines: 6, rejected: 1 });
    expect(snapshot.listener).toEqual({ state: 'listening', host: '127.0.0.1', port, format: 'auto', transport: 'both' });

    // Wait for the 1 s windows to close, then export through a save dialog answered by the test.
    await expect
      .poll(async () => {
        const closed = await page.evaluate(() => (globalThis as unknown as PageGlobals).tallyline.summaries({}));
        return closed.reduce((n, s) => n + s.events, 0);
      })
      .toBe(6);
    const file = join(userData, 'summaries.csv');
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
    }, file);
    const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).tallyline.exportCsv({ what: 'summaries' }));
    expect(result.file).toBe(file);
    expect(result.bytes).toBe(statSync(file).size);
    expect(readFileSync(file, 'utf8').split('\r\n')[0]).toMatch(/^window_start,window_end,events,/);

    await dashboard.stopButton.click();
    await expect(dashboard.status).toHaveText('Stopped');
    expect(await connectRefused(port)).toBe(true);

    await app.close();
    let journaled = 0;
    for await (const s of readSummaries(join(userData, 'journal'))) journaled += s.events;
    expect(journaled).toBe(6);
  });
});

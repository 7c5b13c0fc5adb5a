// Every e2e test gets its own `tallyline serve` (fresh data folder, 1 s windows), a page on it,
// and a check that the page logged no errors. A test that expects a browser-level error (a 409
// answer is logged by Chromium itself; so is a WebSocket that cannot reconnect yet) says which.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { DashboardPage } from './dashboard-page';
import { ServeProcess } from './serve-process';

interface Options {
  /** TZ of the serve process (what "local time" in a CSV means). Default: inherited. */
  serveTimeZone: string | undefined;
  /** Extra `tallyline serve` arguments, e.g. ['--token', 'x']. Default none. */
  serveArgs: string[];
  /** Window size of the serve process, in seconds. Default 1. */
  serveWindowSeconds: number;
}

interface Fixtures {
  dataDir: string;
  serve: ServeProcess;
  dashboard: DashboardPage;
  /** Declares console errors this test expects (matched against the message text). */
  allowConsoleErrors: (pattern: RegExp) => void;
  consoleAllowList: RegExp[];
  consoleGuard: void;
}

export const test = base.extend<Fixtures & Options>({
  serveTimeZone: [undefined, { option: true }],
  serveArgs: [[], { option: true }],
  serveWindowSeconds: [1, { option: true }],

  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'tallyline-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  serve: async ({ dataDir, serveTimeZone, serveArgs, serveWindowSeconds }, use, testInfo) => {
    const serve = await ServeProcess.spawn({
      dataDir,
      windowSeconds: serveWindowSeconds,
      extra: serveArgs,
      env: serveTimeZone ? { TZ: serveTimeZone } : undefined,
    });
    await use(serve);
    await serve.stop();
    if (testInfo.status !== testInfo.expectedStatus && serve.stderr) {
      await testInfo.attach('serve-stderr', { body: serve.stderr, contentType: 'text/plain' });
    }
  },

  consoleAllowList: async ({}, use) => {
    await use([]);
  },

  allowConsoleErrors: async ({ consoleAllowList }, use) => {
    await use((pattern) => {
      consoleAllowList.push(pattern);
    });
  },

  consoleGuard: [
    async ({ page, consoleAllowList: allowed }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
      await use();
      const unexpected = errors.filter((e) => !allowed.some((re) => re.test(e)));
      expect(unexpected, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],

  dashboard: async ({ page, serve }, use) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(serve.start.ui);
    await use(dashboard);
    // Leave the page before serve stops, or its reconnect attempts would log errors of their own.
    await page.goto('about:blank');
  },
});

export { expect };

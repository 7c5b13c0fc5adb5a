import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findBrowser, missingBrowserMessage } from './test/e2e/support/find-browser';

const browser = findBrowser();
if (!browser) {
  console.error(missingBrowserMessage());
  throw new Error('no browser for the end-to-end tests (see the message above)');
}

export default defineConfig({
  testDir: 'test/e2e',
  // These machines have 2 cores: one worker, so `tallyline serve`, the browser and the test's own
  // traffic do not fight a second copy of themselves.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/playwright',
  reporter: [['list']],
  use: {
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 1000 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: browser.executablePath,
      args: [...CHROMIUM_ARGS],
    },
  },
});

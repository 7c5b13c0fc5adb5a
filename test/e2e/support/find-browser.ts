// Which Chromium the e2e tests drive: a system one when installed (Debian's /usr/bin/chromium
// here), else Playwright's own download if present. `npm test` never downloads a browser itself.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** System browsers tried in order. */
export const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags Chromium runs with, in the e2e tests (playwright.config.ts) and the UI benchmark (bench/ui-load.ts) alike. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserChoice {
  /** Path of the browser binary; undefined means Playwright's own (at its default path). */
  executablePath: string | undefined;
}

/** The browser to use, or null when there is none (see `missingBrowserMessage`). */
export function findBrowser(candidates: readonly string[] = SYSTEM_BROWSERS): BrowserChoice | null {
  const system = candidates.find((p) => existsSync(p));
  if (system) return { executablePath: system };
  let bundled: string | null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined };
  return null;
}

export function missingBrowserMessage(candidates: readonly string[] = SYSTEM_BROWSERS): string {
  return [
    'No Chromium found for the end-to-end tests.',
    `Looked for: ${candidates.join(', ')}, and Playwright's own Chromium.`,
    'Install one, e.g. `apt-get install chromium` (Debian) or `npx playwright install chromium`, then run the tests again.',
  ].join('\n');
}

// History written before serve starts: closed windows of chosen lengths in the data folder's
// journal, through the journal's own writer, so a test of how the page draws windows of 10 s, 60 s,
// a cut one or yesterday's need not wait for them to close.
import type { Page } from '@playwright/test';
import type { WindowRecord } from '../../../src-shared/types';
import { Journal } from '../../../src-main/engine/journal/writer';
import { windowRecord } from '../../support/window-records';
import { DashboardPage } from './dashboard-page';
import { expect } from './fixtures';
import { ServeProcess } from './serve-process';

export interface SeedWindow {
  /** Length in seconds. */
  seconds: number;
  /** Cut short (a stop, a size change): window_end is the cut. Default false. */
  partial?: boolean;
}

/** Windows back to back, ending at `endMs` (default: the 10 s boundary just past). */
export interface SeedRun {
  windows: readonly SeedWindow[];
  endMs?: number;
}

export const tens = (n: number): SeedWindow[] => Array.from({ length: n }, () => ({ seconds: 10 }));
export const minutes = (n: number): SeedWindow[] => Array.from({ length: n }, () => ({ seconds: 60 }));

/** Writes the runs, oldest first as the journal wants them; each window has 3 unique events. */
export async function seedJournal(dataDir: string, runs: readonly SeedRun[]): Promise<WindowRecord[]> {
  const records: WindowRecord[] = [];
  for (const run of runs) {
    let start = (run.endMs ?? Math.floor(Date.now() / 10_000) * 10_000) - run.windows.reduce((sum, w) => sum + w.seconds * 1000, 0);
    for (const w of run.windows) {
      const record = windowRecord(start, { seconds: w.seconds });
      if (w.partial) record.summary.partial = true;
      records.push(record);
      start += w.seconds * 1000;
    }
  }
  const journal = await Journal.open(dataDir, { warn: () => {} });
  try {
    journal.appendAll(records);
  } finally {
    journal.close();
  }
  return records;
}

/**
 * Seeds the journal, starts serve with `windowSeconds` windows on it (the page loads this many
 * windows' worth of history), opens the page, runs `body`, and stops serve.
 */
export async function withHistory(
  page: Page,
  dataDir: string,
  runs: readonly SeedRun[],
  windowSeconds: number,
  body: (dashboard: DashboardPage) => Promise<void>,
): Promise<void> {
  await seedJournal(dataDir, runs);
  const serve = await ServeProcess.spawn({ dataDir, windowSeconds });
  try {
    const dashboard = new DashboardPage(page);
    await dashboard.open(serve.start.ui);
    await expect(page.getByTestId('history-row').first()).toBeVisible();
    await body(dashboard);
  } finally {
    await page.goto('about:blank');
    await serve.stop();
  }
}

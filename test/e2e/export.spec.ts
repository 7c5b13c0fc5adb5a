import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';
import type { DashboardPage } from './support/dashboard-page';

const LINES = ['signup', 'signup', '{"event":"login","user":"u1"}', 'purchase:4|c', 'signup', '{"event":"login","user":"u2"}'];

type Row = Record<string, string>;

/** Clicks Export CSV, waits for the browser download, and parses the file. */
async function exportCsv(page: Page): Promise<{ name: string; rows: Row[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  return { name: download.suggestedFilename(), rows: parse(text, { columns: true, record_delimiter: '\r\n' }) as Row[] };
}

/** Sends the lines and waits until the 1 s windows holding them are closed (and so journaled). */
async function sendAndClose(dashboard: DashboardPage): Promise<void> {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await client.send(LINES);
  await client.close();
  await expect
    .poll(async () => {
      const cells = await dashboard.page.getByTestId('history-row').locator('td:nth-child(2)').allTextContents();
      return cells.reduce((sum, t) => sum + Number(t.replace(/,/g, '')), 0);
    })
    .toBe(9);
}

test('Export CSV downloads summaries.csv with the exact counts', async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  const { name, rows } = await exportCsv(page);
  expect(name).toBe('summaries.csv');
  expect(rows.reduce((sum, r) => sum + Number(r.events), 0)).toBe(9);
  const busy = rows.filter((r) => Number(r.events) > 0);
  expect(busy.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.window_start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  await expect(page.getByTestId('export-status')).toHaveText(
    new RegExp(`^\\s*Saved summaries\\.csv: ${rows.length} rows?, [\\d.]+ (B|KB)\\.\\s*$`),
  );
});

test('Export CSV of per-event counts has each event exactly as often as it was sent', async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  await page.getByLabel('Per-event counts').check();
  const { name, rows } = await exportCsv(page);
  expect(name).toBe('event_counts.csv');
  const totals: Record<string, number> = {};
  for (const r of rows) totals[r.event] = (totals[r.event] ?? 0) + Number(r.count);
  expect(totals).toEqual({ signup: 3, login: 2, purchase: 4 });
});

test.describe('with serve in India time', () => {
  test.use({ serveTimeZone: 'Asia/Kolkata' });

  test("the export time range reaches the file, and its times are the page's zone, not the server's", async ({ dashboard, page }) => {
    await sendAndClose(dashboard);
    const from = page.getByLabel('From', { exact: true });
    const to = page.getByLabel('To', { exact: true });
    // The page runs in UTC (playwright.config), its only zone choice: a datetime-local value is a UTC time.
    await expect(page.getByLabel('UTC', { exact: true })).toBeChecked();
    await from.fill(new Date(Date.now() + 60_000).toISOString().slice(0, 19));
    expect((await exportCsv(page)).rows).toEqual([]);

    await from.fill('');
    await to.fill('2000-01-01T00:00:00');
    expect((await exportCsv(page)).rows).toEqual([]);

    await to.fill('2000-01-02T00:00:00');
    await from.fill('2000-01-03T00:00:00');
    await expect(page.getByText('"To" must be after "From".')).toBeVisible();
    await from.fill('');
    await to.fill('');

    const all = await exportCsv(page);
    expect(all.rows.reduce((sum, r) => sum + Number(r.events), 0)).toBe(9);
    // Not +05:30: `local` (the server's zone) is never what the page asks for.
    for (const r of all.rows) expect(r.window_start).toMatch(/Z$/);
  });
});

test('Enter in an empty From field starts no export: only a click does', async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/export/')) calls.push(r.url());
  });
  const from = page.getByLabel('From', { exact: true });
  await from.focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('To', { exact: true }).focus();
  await page.keyboard.press('Enter');
  // Give a download that should not happen the time one would take.
  await page.waitForTimeout(1000);
  expect(calls).toEqual([]);
  expect(downloads).toEqual([]);
  await expect(page.getByTestId('export-status')).toHaveText('');

  // The button itself, from the keyboard, still exports, and keeps the focus.
  const button = page.getByRole('button', { name: 'Export CSV' });
  await button.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe('summaries.csv');
  await expect(button).toBeFocused();
});

test("a new export's outcome replaces the last one: no old success beside a new error", async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  const status = page.getByTestId('export-status');
  const { rows } = await exportCsv(page);
  await expect(status).toHaveText(new RegExp(`^\\s*Saved summaries\\.csv: ${rows.length} rows?, `));

  await page.getByLabel('To', { exact: true }).fill('2000-01-02T00:00:00');
  await page.getByLabel('From', { exact: true }).fill('2000-01-03T00:00:00');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(status).toHaveText('Correct the time range first.');
  await expect(status).not.toContainText('Saved');

  await page.getByLabel('From', { exact: true }).fill('');
  await exportCsv(page);
  await expect(status).toHaveText(/^\s*Saved summaries\.csv: /);
  await expect(status).not.toContainText('Correct');
});

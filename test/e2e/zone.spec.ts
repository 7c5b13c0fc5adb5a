// One time zone for the page and the file: the export form's choice (UTC or this browser's zone,
// sent by its IANA name) sets History's times, how From/To are read, and the exported file's times,
// whatever zone the server runs in.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { formatInZone } from '../../src-shared/time-zones';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';
import type { DashboardPage } from './support/dashboard-page';

const BROWSER_ZONE = 'America/New_York';
const LINES = ['signup', 'signup', '{"event":"login","user":"u1"}', 'purchase:4|c', 'signup', '{"event":"login","user":"u2"}'];

type Row = Record<string, string>;

// The server in Berlin, the browser in New York: a file that follows the server would say +01:00/+02:00.
test.use({ timezoneId: BROWSER_ZONE, serveTimeZone: 'Europe/Berlin' });

/** Clicks Export CSV, waits for the browser download, and parses the file. */
async function exportCsv(page: Page): Promise<Row[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  return parse(await readFile(await download.path(), 'utf8'), { columns: true, record_delimiter: '\r\n' }) as Row[];
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
  // Stopped, so no new window joins the file between the reads below.
  await dashboard.stopButton.click();
  await expect(dashboard.status).toHaveText('Stopped');
}

/** A datetime-local value: the wall clock of `ms` in `zone`. */
const wallInput = (ms: number, zone: string) => formatInZone(ms, zone).slice(0, 19);

test("History and the downloaded CSV agree in the browser's zone, sent by its IANA name", async ({ dashboard, page }) => {
  const zoneChoice = page.getByLabel(`${BROWSER_ZONE} (this browser)`);
  await expect(zoneChoice).toBeChecked();
  const tzSent: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/export/')) tzSent.push(new URL(r.url()).searchParams.get('tz') ?? '');
  });
  await sendAndClose(dashboard);

  const rows = await exportCsv(page);
  expect(tzSent).toEqual([BROWSER_ZONE]);
  expect(rows.reduce((sum, r) => sum + Number(r.events), 0)).toBe(9);
  for (const r of rows) {
    expect(r.window_start).toMatch(/-0[45]:00$/);
    expect(r.window_start).toBe(formatInZone(Date.parse(r.window_start), BROWSER_ZONE));
  }

  // Every window of these events History shows is in the file with the same instant, offset and
  // wall-clock time. (Empty windows keep closing each second, so History may already show newer ones.)
  const shown = await page.getByTestId('history-row').evaluateAll((trs) =>
    trs.map((tr) => ({
      datetime: tr.querySelector('time')?.getAttribute('datetime') ?? '',
      text: tr.querySelector('time')?.textContent ?? '',
      events: Number((tr.querySelectorAll('td')[1]?.textContent ?? '').replace(/,/g, '')),
    })),
  );
  const busyShown = shown.filter((w) => w.events > 0);
  const busyInFile = rows.filter((r) => Number(r.events) > 0);
  expect(busyShown.map((w) => w.datetime).sort()).toEqual(busyInFile.map((r) => r.window_start).sort());
  for (const { datetime, text } of busyShown) expect(text.startsWith(datetime.slice(11, 19)), `${text} vs ${datetime}`).toBe(true);
});

test("From and To are read in the page's zone", async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  const from = page.getByLabel('From', { exact: true });
  const to = page.getByLabel('To', { exact: true });
  const soon = Date.now() + 120_000;
  // Read as UTC, New York's wall clock would be 4 or 5 hours earlier: From would take every
  // window and To none.
  await from.fill(wallInput(soon, BROWSER_ZONE));
  expect(await exportCsv(page)).toEqual([]);
  await from.fill('');
  await to.fill(wallInput(soon, BROWSER_ZONE));
  expect((await exportCsv(page)).reduce((sum, r) => sum + Number(r.events), 0)).toBe(9);
});

test('choosing UTC moves History and the file to UTC', async ({ dashboard, page }) => {
  await sendAndClose(dashboard);
  await page.getByLabel('UTC', { exact: true }).check();
  await expect(page.getByText('Recent closed windows, newest first; times in UTC')).toBeVisible();
  const rows = await exportCsv(page);
  for (const r of rows) expect(r.window_start).toMatch(/Z$/);
  const first = page.getByTestId('history-row').first().locator('time');
  const datetime = (await first.getAttribute('datetime')) ?? '';
  expect(datetime).toMatch(/Z$/);
  await expect(first).toHaveText(new RegExp(`^${datetime.slice(11, 19)}`));
});

import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';
import type { DashboardPage } from './support/dashboard-page';

// 3 signups, 2 logins (JSON, one user), and a StatsD counter worth 4 purchases: 9 events, 6 lines.
const LINES = ['signup', 'signup', '{"event":"login","user":"u1"}', 'purchase:4|c', 'signup', '{"event":"login","user":"u1"}'];

async function listening(dashboard: DashboardPage): Promise<number> {
  return dashboard.startListening(0);
}

/** Sum of the Events column of the history table (newest 60 windows). */
async function historyEvents(dashboard: DashboardPage): Promise<number> {
  const cells = await dashboard.page.getByTestId('history-row').locator('td:nth-child(2)').allTextContents();
  return cells.reduce((sum, t) => sum + Number(t.replace(/,/g, '')), 0);
}

test('events sent over TCP change the headline numbers and the charts to the exact values', async ({ dashboard }) => {
  const port = await listening(dashboard);
  const rateBefore = await dashboard.canvasInk('rate');
  expect(rateBefore.ink, 'the rate chart draws its axes before any data').toBeGreaterThan(0);

  const client = await TcpClient.open(port);
  await expect(dashboard.statValue('connections')).toHaveText('1');
  await client.send(LINES);

  await expect(dashboard.statNote('events')).toHaveText('9 total');
  await expect(dashboard.statNote('rejected')).toHaveText('0 total');
  // The windows are 1 s long: once closed, the history holds every event exactly once.
  await expect.poll(() => historyEvents(dashboard)).toBe(9);

  // The rate line rises off its baseline, and the unique-events window has a bar.
  await expect.poll(async () => (await dashboard.canvasInk('rate')).seriesHeight).toBeGreaterThan(rateBefore.seriesHeight + 10);
  await expect.poll(async () => (await dashboard.canvasInk('unique')).series).toBeGreaterThan(0);
  await client.close();
  await expect(dashboard.statValue('connections')).toHaveText('0');
});

test('settings apply without a restart: a one-hour window shows its exact counts and top events', async ({ dashboard }) => {
  const port = await listening(dashboard);
  await dashboard.applySettings({ 'Window size': '3600' });
  await expect(dashboard.page.getByText('Current 3600 s window')).toBeVisible();
  // A window closing between the lines and the checks would empty the headline; keep clear of the hour's end.
  await waitUntilClearOfHourEnd(15);

  const topBefore = await dashboard.canvasInk('top');
  expect(topBefore.series, 'no bars before any event').toBe(0);
  const client = await TcpClient.open(port);
  await client.send(LINES);

  await expect(dashboard.statValue('events')).toHaveText('9');
  await expect(dashboard.statValue('unique')).toHaveText('3');
  await expect(dashboard.statNote('unique')).toHaveText('exact, this window');
  await expect(dashboard.page.getByTestId('top-events-list').locator('li')).toHaveText(['purchase: 4', 'signup: 3', 'login: 2']);
  await expect.poll(async () => (await dashboard.canvasInk('top')).series).toBeGreaterThan(100);
  await client.close();
});

test('a malformed line shows in Rejected lines with its reason, source and text', async ({ dashboard }) => {
  const port = await listening(dashboard);
  const client = await TcpClient.open(port);
  await client.send(['{"event": "oops"', 'fine']);

  const row = dashboard.page.getByTestId('reject-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(1)).toHaveText('Invalid JSON');
  await expect(row.locator('td').nth(2)).toHaveText(client.address);
  await expect(row.locator('td').nth(3)).toHaveText('{"event": "oops"');
  await expect(dashboard.statNote('rejected')).toHaveText('1 total');
  await expect(dashboard.statNote('events')).toHaveText('1 total');
  await client.close();
});

test('a connected client is listed in Connections and the Drop button disconnects it', async ({ dashboard }) => {
  const port = await listening(dashboard);
  const keep = await TcpClient.open(port);
  const victim = await TcpClient.open(port);
  await victim.send(['a', 'b', 'c']);

  const rows = dashboard.page.getByTestId('connection-row');
  await expect(rows).toHaveCount(2);
  const victimRow = rows.filter({ hasText: victim.address });
  await expect(victimRow.locator('td').nth(2)).toHaveText('3');

  await dashboard.page.getByRole('button', { name: `Drop client ${victim.address}` }).click();
  await victim.closed;
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(keep.address);
  await expect(dashboard.statValue('connections')).toHaveText('1');
  await keep.close();
});

async function waitUntilClearOfHourEnd(marginSec: number): Promise<void> {
  const msToHourEnd = 3_600_000 - (Date.now() % 3_600_000);
  if (msToHourEnd < marginSec * 1000) await new Promise((r) => setTimeout(r, msToHourEnd + 1000));
}

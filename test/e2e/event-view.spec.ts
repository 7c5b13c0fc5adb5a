// One event over time: opened from Top events (its name or its bar) and from the search, its
// quantile lines found in the canvas's pixels, its tag table counted from tagged StatsD and JSON
// lines, and Top events over the last N windows. Real serve, real TCP, 1 s windows.
import { TcpClient } from './support/tcp';
import type { ChartLine, TopRow } from './support/dashboard-page';
import { expect, test } from './support/fixtures';

/**
 * 100 timings of `lat` a send: 60 of 10 ms, 35 of 100 ms, 5 of 1000 ms, so each window's p50 is
 * 10, its p90 100 and its p99 1000 (within DDSketch's 1 %), three lines far apart on the chart.
 */
const LATENCIES = [
  ...Array.from({ length: 60 }, () => 'lat:10|ms|#route:/a'),
  ...Array.from({ length: 35 }, () => 'lat:100|ms|#route:/b'),
  ...Array.from({ length: 5 }, () => 'lat:1000|ms|#route:/a'),
];

const near = (v: number | null, want: number) => v !== null && Math.abs(v - want) <= want * 0.01;

test('an event opens from its name and its bar in Top events; its p50, p90 and p99 lines are drawn in their colours, p99 highest', async ({
  dashboard,
  page,
}) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  // Over the last 60 windows the bars hold still once the sending stops.
  await page.getByLabel('Top events over').selectOption({ label: 'Last 60 windows' });
  // A steady stream until three closed windows carry it, so the lines join neighbouring points.
  await client.sendUntil(
    [...LATENCIES, 'signup'],
    async () => (await page.getByTestId('history-row').filter({ hasText: 'lat' }).count()) >= 3,
  );

  const rowOf = async (name: string) => (await dashboard.chartSeries<TopRow[]>('top'))?.find((r) => r.event === name);
  await expect.poll(async () => (await rowOf('lat'))?.count ?? 0).toBeGreaterThan(0);
  const canvas = page.getByTestId('chart-top');

  // The name on the axis, left of the plot.
  await canvas.click({ position: { x: 8, y: (await rowOf('lat'))!.y } });
  const heading = page.getByRole('heading', { name: 'Event: lat' });
  await expect(heading).toBeFocused();
  await expect.poll(async () => (await dashboard.chartSeries('event-values'))?.map((l) => l.label)).toEqual(['p50', 'p90', 'p99']);
  const lines = (await dashboard.chartSeries('event-values'))!;
  const [p50, p90, p99] = lines;
  // Each window the stream filled has the three quantiles where the mix puts them.
  const full = p99.data.map((v, i) => [p50.data[i], p90.data[i], v]).filter(([a, b, c]) => near(a, 10) && near(b, 100) && near(c, 1000));
  expect(full.length, JSON.stringify(lines)).toBeGreaterThanOrEqual(2);

  // The pixels: each line is drawn in its own colour, and the p99 line (1000 ms) above p90 (100) above p50 (10).
  const ink = await Promise.all(lines.map((l: ChartLine) => dashboard.colourInk('event-values', l.color)));
  for (const [i, line] of lines.entries()) expect(ink[i].pixels, `${line.label} in ${line.color}`).toBeGreaterThan(30);
  expect(ink[2].meanY).toBeLessThan(ink[1].meanY);
  expect(ink[1].meanY).toBeLessThan(ink[0].meanY);
  await expect(dashboard.eventView.getByTestId('chart-event-values-legend')).toHaveText(/p50\s*p90\s*p99/);

  // Escape closes the view; a chart bar cannot hold the focus, so it goes to the search box.
  await page.keyboard.press('Escape');
  await expect(dashboard.eventView).toHaveCount(0);
  await expect(dashboard.searchBox).toBeFocused();

  // The bar itself, in the middle of the plot.
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width / 2, y: (await rowOf('lat'))!.y } });
  await expect(heading).toBeFocused();
  await expect(dashboard.eventView.getByTestId('event-total')).not.toHaveText('0');
  // And another event's bar switches the view to it.
  await canvas.click({ position: { x: 8, y: (await rowOf('signup'))!.y } });
  await expect(page.getByRole('heading', { name: 'Event: signup' })).toBeFocused();
  await expect.poll(async () => (await dashboard.chartSeries('event-values'))?.length).toBe(0);
  await expect(dashboard.eventView.getByText('No values came with this event')).toBeVisible();
  await client.close();
});

test('the search matches names as you type, arrows move through them, Enter opens, Escape closes and gives the focus back', async ({
  dashboard,
  page,
}) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await client.send(['checkout.done', 'checkout.done', 'checkout.failed', 'Checkout.Retry', 'signup']);
  await expect.poll(() => page.getByTestId('history-row').filter({ hasText: 'checkout.done' }).count()).toBeGreaterThan(0);

  await page.keyboard.press('/');
  await expect(dashboard.searchBox).toBeFocused();
  await page.keyboard.type('CHECK');
  // Case-insensitive, largest first; signup does not match.
  await expect(dashboard.searchOptions.locator('code')).toHaveText(['checkout.done', 'Checkout.Retry', 'checkout.failed']);
  await expect(dashboard.searchBox).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(dashboard.searchOption('Checkout.Retry')).toHaveAttribute('aria-selected', 'true');
  const active = await dashboard.searchBox.getAttribute('aria-activedescendant');
  expect(active).toBe(await dashboard.searchOption('Checkout.Retry').getAttribute('id'));
  await page.keyboard.press('ArrowUp');
  await expect(dashboard.searchOption('checkout.done')).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Event: checkout.done' })).toBeFocused();
  await expect(dashboard.eventView.getByTestId('event-total')).toHaveText('2');
  await expect(dashboard.searchOptions).toHaveCount(0);

  // Escape in the view closes it and puts the focus back where the event was opened from.
  await page.keyboard.press('Escape');
  await expect(dashboard.eventView).toHaveCount(0);
  await expect(dashboard.searchBox).toBeFocused();
  // In the box, Escape closes the list first, then clears the text.
  await page.keyboard.press('ArrowDown');
  await expect(dashboard.searchOptions.first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dashboard.searchOptions).toHaveCount(0);
  await expect(dashboard.searchBox).toHaveValue('CHECK');
  await page.keyboard.press('Escape');
  await expect(dashboard.searchBox).toHaveValue('');

  // A name of the open window shows before its window closes (the journal has not seen it yet).
  await dashboard.applySettings({ 'Window size': '3600' });
  await client.send(['brand.new']);
  await dashboard.openBySearch('brand.new');
  await client.close();
});

test("opened from History, the tag table counts tagged StatsD and JSON lines exactly, with each value's share of its key", async ({
  dashboard,
  page,
}) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await client.send([
    'lat:12|ms|#route:/a',
    'lat:12|ms|#route:/a',
    'lat:14|ms|#route:/a,region:eu',
    'lat:40|ms|#route:/b',
    '{"event":"x","tags":{"k":"v"}}',
    '{"event":"x","tags":{"k":"v"}}',
    '{"event":"x","tags":{"k":"w"}}',
  ]);
  // From History: the window's top event (lat, 4 to x's 3) opens its view.
  const fromHistory = page
    .getByTestId('history-row')
    .getByRole('button', { name: /^Open lat, \d+ in this window$/ })
    .first();
  await fromHistory.click();
  await expect(page.getByRole('heading', { name: 'Event: lat' })).toBeFocused();
  await expect
    .poll(() => dashboard.tagRows())
    .toEqual([
      ['route', '/a', '3', '75%'],
      ['route', '/b', '1', '25%'],
      ['region', 'eu', '1', '100%'],
    ]);
  await expect(page.getByRole('table', { name: 'Tags of lat' })).toBeVisible();
  // Close gives the focus back to the History button that opened the view.
  await dashboard.eventView.getByRole('button', { name: 'Close the view of lat' }).click();
  await expect(fromHistory).toBeFocused();

  await dashboard.openBySearch('x');
  await expect
    .poll(() => dashboard.tagRows())
    .toEqual([
      ['k', 'v', '2', '67%'],
      ['k', 'w', '1', '33%'],
    ]);
  await client.close();
});

test('Top events adds up the last N windows exactly (closed ones from the journal plus the open one), and says when that is approximate', async ({
  dashboard,
  page,
}) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  const list = page.getByTestId('top-events-list').locator('li');
  const range = page.getByLabel('Top events over');

  await client.send(['alpha', 'alpha', 'alpha', 'beta']);
  await expect.poll(() => page.getByTestId('history-row').filter({ hasText: 'alpha' }).count()).toBe(1);
  await client.send(['alpha', 'alpha', 'gamma']);

  await range.selectOption({ label: 'Last 60 windows' });
  await expect(page.getByText(/closed windows? (so far \(of 60\) )?and the open one/)).toBeVisible();
  // Whether the second batch is still in the open window or closed by now, the sum is the same.
  await expect(list).toHaveText(['alpha: 5', 'beta: 1', 'gamma: 1']);
  await expect(page.getByTestId('top-approx')).toHaveCount(0);

  // The current window alone: empty once the second batch's window closed.
  await range.selectOption({ label: 'Current window' });
  await expect(page.getByText('Current 1 s window')).toBeVisible();
  await expect(list).toHaveCount(0);

  // A window with more names than the journal keeps per window makes the sum approximate, and it says so.
  await dashboard.applySettings({ 'Events kept': '1' });
  await client.send(['one', 'two', 'two']);
  await expect.poll(() => page.getByTestId('history-row').filter({ hasText: 'two' }).count()).toBe(1);
  await range.selectOption({ label: 'Last 5 windows' });
  await expect(page.getByTestId('top-approx')).toHaveText(
    /^≈ Approximate: \d+ closed windows? had more names than the 1 the journal keeps per window/,
  );
  await client.close();
});

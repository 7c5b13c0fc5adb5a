// Pinned events compared on one chart (four at most), and the pause: charts hold still while the
// engine counts on, and show everything that came meanwhile at once on resume. Real serve, real
// TCP, 1 s windows; the charts are read back from their canvases (data and pixels).
import { TcpClient } from './support/tcp';
import type { ChartId, DashboardPage } from './support/dashboard-page';
import { expect, test } from './support/fixtures';

/** Closed windows in the History table (it keeps updating while the charts are paused). */
const closedWindows = (dashboard: DashboardPage) => dashboard.page.getByTestId('history-row').count();

/** Sum of the Events column of the History table. */
async function historyEvents(dashboard: DashboardPage): Promise<number> {
  const cells = await dashboard.page.getByTestId('history-row').locator('td:nth-child(2)').allTextContents();
  return cells.reduce((sum, t) => sum + Number(t.replace(/,/g, '')), 0);
}

test('two pinned events are compared on one chart, line by line; a fifth pin is refused and says why', async ({ dashboard, page }) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  // apple three times as often as banana, so their lines part; the others to fill the pins.
  await client.sendUntil(
    ['apple', 'apple', 'apple', 'banana', 'cherry', 'date', 'elder'],
    async () => (await page.getByTestId('history-row').filter({ hasText: 'apple' }).count()) >= 3,
  );

  const pinButton = () => dashboard.eventView.getByRole('button', { name: 'Pin to compare' });
  await dashboard.openBySearch('apple');
  await pinButton().click();
  await dashboard.openBySearch('banana');
  await pinButton().click();
  await expect(dashboard.eventView.getByRole('button', { name: 'Pinned' })).toHaveAttribute('aria-pressed', 'true');

  const compare = page.getByTestId('compare');
  await expect(compare.getByRole('list', { name: 'Pinned events' }).getByRole('listitem')).toHaveCount(2);
  await expect.poll(async () => (await dashboard.chartSeries('compare'))?.map((l) => l.label)).toEqual(['apple', 'banana']);
  const lines = (await dashboard.chartSeries('compare'))!;
  expect(lines[0].color).not.toBe(lines[1].color);
  // Counts per window: apple's line is three times banana's wherever the stream ran.
  expect(lines[0].data.some((v, i) => v !== null && v > 0 && v === 3 * (lines[1].data[i] ?? -1))).toBe(true);
  for (const line of lines) {
    const ink = await dashboard.colourInk('compare', line.color);
    expect(ink.pixels, `${line.label}'s line in ${line.color}`).toBeGreaterThan(30);
  }
  // apple's line (more events) is drawn higher than banana's.
  expect((await dashboard.colourInk('compare', lines[0].color)).meanY).toBeLessThan(
    (await dashboard.colourInk('compare', lines[1].color)).meanY,
  );

  // Four is the most; the fifth is refused where it was asked, and nothing changes.
  for (const name of ['cherry', 'date']) {
    await dashboard.openBySearch(name);
    await pinButton().click();
  }
  await dashboard.openBySearch('elder');
  await pinButton().click();
  await expect(page.getByTestId('pin-refused')).toHaveText(
    '4 events are pinned already, the most one chart compares: unpin one to pin elder.',
  );
  await expect(pinButton()).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => (await dashboard.chartSeries('compare'))?.map((l) => l.label))
    .toEqual(['apple', 'banana', 'cherry', 'date']);

  // Unpinning one makes room, and the refusal goes.
  await compare.getByRole('button', { name: 'Unpin apple' }).click();
  await expect(page.getByTestId('pin-refused')).toHaveCount(0);
  await pinButton().click();
  await expect
    .poll(async () => (await dashboard.chartSeries('compare'))?.map((l) => l.label))
    .toEqual(['banana', 'cherry', 'date', 'elder']);

  // The compare chart can put another measure side by side.
  await compare.getByLabel('Compare').selectOption({ label: 'Distinct users per window' });
  await expect
    .poll(async () => (await dashboard.chartSeries('compare'))?.every((l) => l.data.every((v) => v === 0 || v === null)))
    .toBe(true);
  await client.close();
});

test('pause holds every chart still while events are counted; resume shows them at once', async ({ dashboard, page }) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await client.sendUntil(
    ['tick', 'tick', 'tock'],
    async () => (await page.getByTestId('history-row').filter({ hasText: 'tick' }).count()) >= 2,
  );
  await dashboard.openBySearch('tick');
  await dashboard.eventView.getByRole('button', { name: 'Pin to compare' }).click();
  // Over windows that stay on screen, so the bars have something to change to.
  await page.getByLabel('Top events over').selectOption({ label: 'Last 60 windows' });
  const charts: ChartId[] = ['rate', 'top', 'unique', 'event-count', 'compare'];
  for (const id of charts) await expect.poll(async () => (await dashboard.canvasInk(id)).ink).toBeGreaterThan(0);
  await expect.poll(async () => (await dashboard.chartSeries<number[][]>('event-count'))?.length).toBeGreaterThan(0);

  // Every event sent so far is in a closed window, so History's sum below moves by the burst alone.
  await expect(dashboard.statValue('events')).toHaveText('0');
  await page.getByRole('button', { name: 'Pause charts' }).click();
  await expect(page.getByTestId('pause-badge')).toHaveText('Paused — counting continues: 0 events since');
  // Whatever was queued for the next frame draws before the picture is taken.
  await page.evaluate(
    () =>
      new Promise((r) =>
        (globalThis as unknown as { requestAnimationFrame: (cb: () => void) => void }).requestAnimationFrame(() => r(null)),
      ),
  );
  const frozen = await Promise.all(
    charts.map(async (id) => ({ data: await dashboard.chartSeries<unknown>(id), print: await dashboard.canvasPrint(id) })),
  );
  const totalBefore = Number((await dashboard.statNote('events').textContent())!.replace(/[^\d]/g, ''));
  const windowsBefore = await closedWindows(dashboard);
  const historyBefore = await historyEvents(dashboard);
  const tickTotal = dashboard.eventView.getByTestId('event-total');
  const tickBefore = await tickTotal.textContent();

  // 200 events while paused: counted (the headline and History go on), drawn nowhere.
  await client.send(Array.from({ length: 100 }, () => ['tick', 'burst']).flat());
  await expect(dashboard.statNote('events')).toHaveText(`${(totalBefore + 200).toLocaleString('en-US')} total`);
  await expect(page.getByTestId('pause-badge')).toHaveText('Paused — counting continues: 200 events since');
  await expect.poll(() => closedWindows(dashboard)).toBeGreaterThan(windowsBefore + 2);
  await expect.poll(() => historyEvents(dashboard)).toBe(historyBefore + 200);
  for (const [i, id] of charts.entries()) {
    expect(await dashboard.chartSeries<unknown>(id), `${id}'s data while paused`).toEqual(frozen[i].data);
    expect(await dashboard.canvasPrint(id), `${id}'s pixels while paused`).toBe(frozen[i].print);
  }
  await expect(tickTotal).toHaveText(tickBefore!);

  // Resume: at once, the new counts.
  await page.getByRole('button', { name: 'Resume charts' }).click();
  await expect(page.getByTestId('pause-badge')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pause charts' })).toBeFocused();
  await expect
    .poll(async () => Number((await tickTotal.textContent())!.replace(/[^\d]/g, '')))
    .toBeGreaterThanOrEqual(Number(tickBefore!.replace(/[^\d]/g, '')) + 100);
  const counts = (await dashboard.chartSeries('event-count'))![0].data;
  expect(
    counts.some((v) => v !== null && v >= 100),
    JSON.stringify(counts),
  ).toBe(true);
  for (const [i, id] of charts.entries())
    expect(await dashboard.chartSeries<unknown>(id), `${id} after resume`).not.toEqual(frozen[i].data);
  await client.close();
});

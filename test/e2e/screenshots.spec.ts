import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '../../src-shared/types';
import { SendProcess } from './support/send-process';
import { ROOT } from './support/serve-process';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

const SHOTS = join(ROOT, 'test-results', 'screenshots');

/** Closed windows as the engine journaled them. */
async function summaries(base: string): Promise<Summary[]> {
  return (await (await fetch(`${base}/api/summaries`)).json()) as Summary[];
}

test('the dashboard under live traffic, in light and dark (screenshots kept as artifacts)', async ({
  dashboard,
  page,
  serve,
}, testInfo) => {
  test.setTimeout(120_000);
  await mkdir(SHOTS, { recursive: true });
  const port = await dashboard.startListening(0);
  const history = page.getByTestId('history-row');
  const charts = ['rate', 'top', 'unique'] as const;

  // Steady demo traffic over three clients, a burst of many distinct names (their windows' unique
  // counts become estimates), and a client that sends a few lines the engine must reject.
  const steady = SendProcess.start({ port, rate: 1500, names: 10, format: 'json', connections: 3 });
  const bad = await TcpClient.open(port);
  // A few windows of steady traffic in the history before the burst.
  await expect.poll(() => history.count()).toBeGreaterThanOrEqual(3);
  const burst = SendProcess.start({ port, rate: 40_000, names: 200_000, format: 'plain', connections: 1, duration: 3, seed: 7 });
  await bad.send(['{"event": "checkout", "value": }', 'cart:abc|c', 'purchase:1|x', '{"user": "u7"}']);
  await burst.done;
  // Then a few thousand names per window, still counted exactly: without it every tall bar of the
  // unique chart is an estimate and the exact colour would be under a pixel high.
  const exact = SendProcess.start({ port, rate: 20_000, names: 5_000, format: 'plain', connections: 1, duration: 2, seed: 9 });
  await exact.done;
  // Both kinds of tall bar are journaled, hence in the history the page holds: an estimated window
  // of the burst and an exact one of thousands of names.
  await expect
    .poll(async () => {
      const closed = await summaries(serve.start.ui);
      return closed.some((w) => !w.unique_exact) && closed.some((w) => w.unique_exact && w.unique_events >= 1000);
    })
    .toBe(true);
  await expect(history.filter({ hasText: '≈' }).first()).toBeVisible();
  await bad.send(['{"event":', 'signup:1|c|@2']);
  // The newest rejected line is on screen.
  await expect(
    page
      .getByTestId('reject-row')
      .locator('td:nth-child(4)')
      .filter({ hasText: /^\{"event":$/ }),
  ).toHaveCount(1);

  // Every chart has drawn its series (in the light theme's colour) before the picture is taken.
  for (const id of charts) await expect.poll(async () => (await dashboard.canvasInk(id)).series).toBeGreaterThan(0);
  const light = join(SHOTS, 'dashboard-light.png');
  await page.screenshot({ path: light, fullPage: true });

  // The charts recolour themselves for the dark theme: wait until each draws in the dark series colour.
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const id of charts) await expect.poll(async () => (await dashboard.canvasInk(id)).series).toBeGreaterThan(0);
  const dark = join(SHOTS, 'dashboard-dark.png');
  await page.screenshot({ path: dark, fullPage: true });

  await steady.stop();
  await bad.close();
  await testInfo.attach('dashboard-light', { path: light, contentType: 'image/png' });
  await testInfo.attach('dashboard-dark', { path: dark, contentType: 'image/png' });
});

test('an event view with quantiles, gauge, users and tags, and a comparison, in light and dark (screenshots kept as artifacts)', async ({
  dashboard,
  page,
}, testInfo) => {
  await mkdir(SHOTS, { recursive: true });
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  const timings = [10, 12, 15, 20, 30, 45, 80, 120, 400, 900].map(
    (ms, i) => `api.latency:${ms}|ms|#route:/${i % 3 ? 'checkout' : 'login'}`,
  );
  const json = [1, 2, 3, 4].map(
    (u) => `{"event":"signup","user":"u${u}","value":${u * 2.5},"tags":{"plan":"${u === 4 ? 'pro' : 'free'}"}}`,
  );
  await client.sendUntil(
    [...timings, ...json, 'queue.depth:42|g', 'queue.depth:+3|g'],
    async () => (await page.getByTestId('history-row').count()) >= 8,
  );

  await dashboard.openBySearch('api.latency');
  await dashboard.eventView.getByRole('button', { name: 'Pin to compare' }).click();
  await dashboard.openBySearch('signup');
  await dashboard.eventView.getByRole('button', { name: 'Pin to compare' }).click();
  await dashboard.openBySearch('api.latency');
  await expect.poll(async () => (await dashboard.chartSeries('compare'))?.length).toBe(2);
  await expect.poll(async () => (await dashboard.chartSeries('event-values'))?.map((l) => l.label)).toEqual(['p50', 'p90', 'p99']);

  /** The p99 line's colour as the page's theme defines it, and its pixels on the values chart. */
  const p99 = async () => {
    const colour = await page
      .getByTestId('chart-event-values')
      .evaluate((el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(n: string): string } })
          .getComputedStyle(el)
          .getPropertyValue('--chart-5')
          .trim(),
      );
    return { colour, pixels: (await dashboard.colourInk('event-values', colour)).pixels };
  };
  await expect.poll(async () => (await p99()).pixels).toBeGreaterThan(30);
  const lightColour = (await p99()).colour;
  await dashboard.eventView.scrollIntoViewIfNeeded();
  const light = join(SHOTS, 'event-view-light.png');
  await page.screenshot({ path: light, fullPage: true });

  // The charts recolour for the dark theme: the p99 line is drawn in the dark palette's colour.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(async () => (await p99()).colour).not.toBe(lightColour);
  await expect.poll(async () => (await p99()).pixels).toBeGreaterThan(30);
  expect((await dashboard.colourInk('event-values', lightColour)).pixels).toBe(0);
  const dark = join(SHOTS, 'event-view-dark.png');
  await page.screenshot({ path: dark, fullPage: true });

  await client.close();
  await testInfo.attach('event-view-light', { path: light, contentType: 'image/png' });
  await testInfo.attach('event-view-dark', { path: dark, contentType: 'image/png' });
});

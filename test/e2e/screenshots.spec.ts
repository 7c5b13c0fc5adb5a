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

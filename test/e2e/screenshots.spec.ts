import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SendProcess } from './support/send-process';
import { ROOT } from './support/serve-process';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

const SHOTS = join(ROOT, 'test-results', 'screenshots');

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the dashboard under live traffic, in light and dark (screenshots kept as artifacts)', async ({ dashboard, page }, testInfo) => {
  test.setTimeout(120_000);
  await mkdir(SHOTS, { recursive: true });
  const port = await dashboard.startListening(0);

  // Steady demo traffic over three clients, a burst of many distinct names (their windows' unique
  // counts become estimates), and a client that sends a few lines the engine must reject.
  const steady = SendProcess.start({ port, rate: 1500, names: 10, format: 'json', connections: 3 });
  const bad = await TcpClient.open(port);
  await pause(4000);
  const burst = SendProcess.start({ port, rate: 40_000, names: 200_000, format: 'plain', connections: 1, duration: 3, seed: 7 });
  await bad.send(['{"event": "checkout", "value": }', 'cart:abc|c', 'purchase:1|x', '{"user": "u7"}']);
  await burst.done;
  // Then a few thousand names per window, still counted exactly: without it every tall bar of the
  // unique chart is an estimate and the exact colour would be under a pixel high.
  const exact = SendProcess.start({ port, rate: 20_000, names: 5_000, format: 'plain', connections: 1, duration: 2, seed: 9 });
  await exact.done;
  await pause(5000);
  await bad.send(['{"event":', 'signup:1|c|@2']);
  await pause(3000);

  await expect(dashboard.page.getByTestId('history-row').first()).toBeVisible();
  await expect(dashboard.page.getByTestId('reject-row')).not.toHaveCount(0);

  const light = join(SHOTS, 'dashboard-light.png');
  await page.screenshot({ path: light, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await pause(600);
  const dark = join(SHOTS, 'dashboard-dark.png');
  await page.screenshot({ path: dark, fullPage: true });

  // The charts recoloured themselves for the dark theme: the series colour is now the dark one.
  expect((await dashboard.canvasInk('rate')).series).toBeGreaterThan(0);
  expect((await dashboard.canvasInk('top')).series).toBeGreaterThan(0);
  expect((await dashboard.canvasInk('unique')).series).toBeGreaterThan(0);

  await steady.stop();
  await bad.close();
  await testInfo.attach('dashboard-light', { path: light, contentType: 'image/png' });
  await testInfo.attach('dashboard-dark', { path: dark, contentType: 'image/png' });
});

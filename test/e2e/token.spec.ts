import { DashboardPage } from './support/dashboard-page';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

test.use({ serveArgs: ['--token', 's3cret token'] });

test('with a token in the page URL every call and the live socket carry it', async ({ page, serve }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open(`${serve.start.ui}/?token=${encodeURIComponent('s3cret token')}`);
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await client.send(['a', 'b']);
  await expect(dashboard.statNote('events')).toHaveText('2 total');
  await client.close();
  await page.goto('about:blank');
});

test('without the token the page says the server needs it', async ({ page, serve, allowConsoleErrors }) => {
  // Chromium logs the 401 answers and the refused WebSocket itself.
  allowConsoleErrors(/status of 401/);
  allowConsoleErrors(/WebSocket connection to .* failed/);
  await page.goto(serve.start.ui);
  await expect(page.getByRole('alert').filter({ hasText: 'this server needs its token' })).toBeVisible();
  await expect(page.getByTestId('link-state')).not.toHaveText('UI connected');
  await page.goto('about:blank');
});

import { DashboardPage } from './support/dashboard-page';
import { TcpRelay } from './support/relay';
import { ServeProcess } from './support/serve-process';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

test('when serve restarts the UI says the link is lost, then reconnects and shows the new engine', async ({
  serve,
  dataDir,
  page,
  allowConsoleErrors,
}) => {
  // While serve is down Chromium logs each failed reconnect attempt itself; the page adds nothing.
  allowConsoleErrors(/WebSocket connection to .* failed/);
  allowConsoleErrors(/ERR_CONNECTION_(REFUSED|RESET)/);

  // The page talks to serve through a relay that keeps its port, so the new serve can bind 0 (see relay.ts).
  const relay = await TcpRelay.open(serve.uiPort);
  let again: ServeProcess | null = null;
  try {
    const dashboard = new DashboardPage(page);
    await dashboard.open(`http://127.0.0.1:${relay.port}/`);
    await dashboard.startListening(0);
    relay.target = null;
    await serve.stop();
    await expect(page.getByTestId('link-lost')).toContainText('Lost the connection to the engine');
    await expect(page.getByTestId('link-state')).not.toHaveText('UI connected');

    again = await ServeProcess.spawn({ dataDir });
    relay.target = again.uiPort;
    await expect(page.getByTestId('link-state')).toHaveText('UI connected', { timeout: 15_000 });
    await expect(page.getByTestId('link-lost')).toHaveCount(0);
    // The new engine starts stopped: the badge follows it rather than the old one.
    await expect(dashboard.status).toHaveText('Stopped');

    const port = await dashboard.startListening(0);
    const client = await TcpClient.open(port);
    await client.send(['after-restart', 'after-restart']);
    await expect(dashboard.statNote('events')).toHaveText('2 total');
    await client.close();
  } finally {
    await page.goto('about:blank');
    await again?.stop();
    await relay.close();
  }
});

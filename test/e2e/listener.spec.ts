import { createSocket } from 'node:dgram';
import type { Status } from '../../src-shared/api';
import type { ListenerState } from '../../src-shared/types';
import { connectError, holdPort, TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

// Port 0 in the form: the engine binds a port the system picks and the badge names it, so no test
// races another program for a port it thought was free. That the form's number itself reaches the
// engine is pinned by the held-port test below.
test('Start listening opens the port from the form and Stop listening closes it', async ({ dashboard }) => {
  const port = await dashboard.startListening(0);
  expect(port).toBeGreaterThan(0);
  await expect(dashboard.status).toHaveText(`Listening on 127.0.0.1:${port}`);
  await expect(dashboard.host).toBeDisabled();

  const client = await TcpClient.open(port);
  await client.close();

  await dashboard.stopButton.click();
  await expect(dashboard.status).toHaveText('Stopped');
  await expect(dashboard.startButton).toBeEnabled();
  expect(await connectError(port)).toBe('ECONNREFUSED');
});

test("a port another program holds shows the engine's message in the status badge", async ({ dashboard, allowConsoleErrors }) => {
  // Chromium itself logs the 409 answer of the start call; the page logs nothing of its own.
  allowConsoleErrors(/status of 409/);
  const held = await holdPort();
  try {
    await dashboard.host.fill('127.0.0.1');
    await dashboard.port.fill(String(held.port));
    await dashboard.startButton.click();
    await expect(dashboard.status).toHaveText(new RegExp(`^\\s*Error: port ${held.port} is already in use`));
    await expect(dashboard.startButton).toBeEnabled();
  } finally {
    await held.release();
  }
});

test('invalid host and port are caught in the form, next to the field, before any call', async ({ dashboard, page }) => {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/listener')) calls.push(r.url());
  });
  await dashboard.port.fill('70000');
  await expect(page.getByText('A port is at most 65535.')).toBeVisible();
  await expect(dashboard.port).toHaveAttribute('aria-invalid', 'true');
  await dashboard.host.fill('not a host');
  await expect(page.getByText(/Use a host name or an IP address/)).toBeVisible();
  await dashboard.startButton.click();
  await expect(dashboard.status).toHaveText('Stopped');
  expect(calls).toEqual([]);

  await dashboard.port.fill('');
  await expect(page.getByText('Enter a port from 0 to 65535.')).toBeVisible();
});

test('the listener form works from the keyboard alone', async ({ dashboard, page }) => {
  await dashboard.host.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('127.0.0.1');
  await page.keyboard.press('Tab');
  await expect(dashboard.port).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0');
  await page.keyboard.press('Tab');
  await expect(dashboard.format).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dashboard.transport).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dashboard.startButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dashboard.status).toHaveText(/^\s*Listening on 127\.0\.0\.1:[1-9]\d*\s*$/);
});

test('Plain text chosen in the form reaches the engine: a broken JSON line counts as an event, not a reject', async ({
  dashboard,
  serve,
}) => {
  await dashboard.format.selectOption({ label: 'Plain text' });
  const port = await dashboard.startListening(0);
  await expect(dashboard.format).toBeDisabled();
  const status = (await (await fetch(`${serve.start.ui}/api/status`)).json()) as Status;
  expect(status.listener).toMatchObject({ state: 'listening', port, format: 'plain' });

  const client = await TcpClient.open(port);
  // Auto-detect would reject the first line as invalid JSON (see live.spec.ts).
  await client.send(['{"event": "oops"', '{"event":"login"}']);
  await expect(dashboard.statNote('events')).toHaveText('2 total');
  await expect(dashboard.statNote('rejected')).toHaveText('0 total');
  await expect(dashboard.page.getByTestId('reject-row')).toHaveCount(0);
  await client.close();
});

test('JSON chosen in the form reaches the engine: a plain line is rejected as invalid JSON', async ({ dashboard, serve }) => {
  await dashboard.format.selectOption({ label: 'JSON' });
  const port = await dashboard.startListening(0);
  const status = (await (await fetch(`${serve.start.ui}/api/status`)).json()) as Status;
  expect(status.listener).toMatchObject({ state: 'listening', port, format: 'json' });

  const client = await TcpClient.open(port);
  await client.send(['signup', '{"event":"login"}']);
  const row = dashboard.page.getByTestId('reject-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(1)).toHaveText('Invalid JSON');
  await expect(row.locator('td').nth(3)).toHaveText('signup');
  await expect(dashboard.statNote('events')).toHaveText('1 total');
  await expect(dashboard.statNote('rejected')).toHaveText('1 total');
  await client.close();
});

test('a reload shows the running listener in the form, so Stop then Start binds the same port', async ({ dashboard, serve, page }) => {
  // Started by someone else (the API, another tab): JSON forced, on a port the system picked.
  const started = (await (
    await fetch(`${serve.start.ui}/api/listener/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ host: '127.0.0.1', port: 0, format: 'json' }),
    })
  ).json()) as ListenerState;
  if (started.state !== 'listening') throw new Error(`not listening: ${JSON.stringify(started)}`);
  await page.reload();
  await expect(page.getByTestId('link-state')).toHaveText('UI connected');
  await expect(dashboard.status).toHaveText(`Listening on 127.0.0.1:${started.port}`);
  await expect(dashboard.port).toHaveValue(String(started.port));
  await expect(dashboard.format).toHaveValue('json');
  await expect(dashboard.host).toHaveValue('127.0.0.1');

  await dashboard.stopButton.click();
  await expect(dashboard.status).toHaveText('Stopped');
  // Stopped, the form keeps what was last used rather than going back to 9000 and Auto-detect.
  await expect(dashboard.port).toHaveValue(String(started.port));
  await expect(dashboard.format).toHaveValue('json');
  await dashboard.startButton.click();
  await expect(dashboard.status).toHaveText(`Listening on 127.0.0.1:${started.port}`);
  const status = (await (await fetch(`${serve.start.ui}/api/status`)).json()) as Status;
  expect(status.listener).toEqual({ state: 'listening', host: '127.0.0.1', port: started.port, format: 'json', transport: 'both' });
});

test('UDP only, chosen in the form, reaches the engine: datagrams count, a TCP connection is refused', async ({ dashboard, serve }) => {
  await dashboard.transport.selectOption({ label: 'UDP only' });
  const port = await dashboard.startListening(0);
  await expect(dashboard.transport).toBeDisabled();
  const status = (await (await fetch(`${serve.start.ui}/api/status`)).json()) as Status;
  expect(status.listener).toMatchObject({ state: 'listening', port, transport: 'udp' });

  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send('login\nlogin\nsignup', port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
  socket.close();
  await expect(dashboard.statNote('events')).toHaveText('3 total');
  await expect(dashboard.statNote('connections')).toHaveText('0 since start, 1 UDP datagram');
  expect(await connectError(port)).toBe('ECONNREFUSED');
});

test('a port chosen by the system (0) shows in the form once listening', async ({ dashboard }) => {
  const port = await dashboard.startListening(0);
  await expect(dashboard.port).toHaveValue(String(port));
});

test('focus stays on the toggled button: after Stop it is on Start, after Start on Stop', async ({ dashboard, page }) => {
  await dashboard.port.fill('0');
  await dashboard.startButton.click();
  await expect(dashboard.stopButton).toBeFocused();
  await dashboard.stopButton.click();
  await expect(dashboard.status).toHaveText('Stopped');
  await expect(dashboard.startButton).toBeFocused();
  // From the keyboard, the same button toggles back and forth.
  await page.keyboard.press('Enter');
  await expect(dashboard.status).toHaveText(/^\s*Listening on/);
  await expect(dashboard.stopButton).toBeFocused();
});

test('the link to the engine and the listener are two labelled things: "UI connected" does not mean listening', async ({
  dashboard,
  page,
}) => {
  await expect(page.getByTestId('link-state')).toHaveText('UI connected');
  await expect(page.getByTestId('link-state')).toHaveAttribute('title', /connection to the Tallyline engine \(not the listener\)/);
  await expect(dashboard.status).toHaveText('Stopped');
  const port = await dashboard.startListening(0);
  await expect(page.getByTestId('link-state')).toHaveText('UI connected');
  await expect(dashboard.status).toHaveText(`Listening on 127.0.0.1:${port}`);
});

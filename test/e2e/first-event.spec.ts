// The empty state: while the listener waits for its first line, the page shows commands that send
// one to this very host and port, and they work as written.
import { spawnSync } from 'node:child_process';
import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

const hasPython = spawnSync('python3', ['--version']).status === 0;

test('while nothing has arrived, copyable commands send a first event to the real host and port', async ({ dashboard, page }) => {
  await expect(page.getByTestId('first-event')).toHaveCount(0);
  const port = await dashboard.startListening(0);
  const help = page.getByTestId('first-event');
  await expect(help).toContainText(`Send an event to 127.0.0.1:${port}`);
  await expect(page.getByTestId('first-event-nc')).toHaveText(`printf 'signup\\n' | nc -q1 127.0.0.1 ${port}`);
  const python = `python3 -c "import socket; s=socket.create_connection(('127.0.0.1', ${port})); s.sendall(b'signup\\n')"`;
  await expect(page.getByTestId('first-event-python')).toHaveText(python);
  await expect(page.getByTestId('first-event-tallyline')).toHaveText(`npx tallyline send --to 127.0.0.1:${port} --rate 10 --duration 5`);
  for (const tool of ['netcat', 'Python', 'tallyline send']) {
    await expect(page.getByRole('button', { name: `Copy the ${tool} command` })).toBeVisible();
  }

  // The command as shown, run by a shell, is a first event; the lesson then steps aside.
  if (hasPython) {
    const run = spawnSync('sh', ['-c', python], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status, run.stderr).toBe(0);
  } else {
    const client = await TcpClient.open(port);
    await client.send(['signup']);
    await client.close();
  }
  await expect(dashboard.statNote('events')).toHaveText('1 total');
  await expect(help).toHaveCount(0);
});

test('with the listener on every address, the commands send to loopback, not 0.0.0.0', async ({ dashboard, page }) => {
  const port = await dashboard.startListening(0, '0.0.0.0');
  await expect(page.getByTestId('first-event-nc')).toHaveText(`printf 'signup\\n' | nc -q1 127.0.0.1 ${port}`);
});

test('Copy puts the command on the clipboard', async ({ dashboard, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const port = await dashboard.startListening(0);
  const copy = page.getByRole('button', { name: 'Copy the tallyline send command' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const text = await page.evaluate(() =>
    (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
  );
  expect(text).toBe(`npx tallyline send --to 127.0.0.1:${port} --rate 10 --duration 5`);
});

// Under sustained traffic from the project's own generator, every event sent is shown: the page's
// headline total and the engine's /api/status reach exactly what `tallyline send` reports having
// sent. The rate is one any machine sustains (20,000 lines/s, 60,000 in all, over 4 connections), and
// the test waits for the numbers instead of timing anything. How well the page keeps up at a million
// events a second (ingest rate with the page open, snapshots per second, long tasks, event-to-screen
// lag) is measured by `npm run bench` (bench/ui-load.ts), never asserted here.
import type { Status } from '../../src-shared/api';
import { SendProcess } from './support/send-process';
import { expect, test } from './support/fixtures';

const RATE = 20_000;
const SECONDS = 3;

test('every event sent under sustained traffic reaches the headline total and /api/status, exactly', async ({ dashboard, serve }) => {
  const port = await dashboard.startListening(0);
  // `tallyline send` sends rate x duration lines whatever the machine's speed (a slow receiver only
  // makes it take longer), so the count is known before it starts.
  const report = await SendProcess.start({ port, rate: RATE, names: 1000, connections: 4, duration: SECONDS }).done;
  expect(report.lines).toBe(RATE * SECONDS);

  await expect(dashboard.statNote('events')).toHaveText(`${report.lines.toLocaleString('en-US')} total`);
  await expect(dashboard.statNote('rejected')).toHaveText('0 total');
  const status = (await (await fetch(`${serve.start.ui}/api/status`)).json()) as Status;
  expect(status.totals).toMatchObject({ events: report.lines, lines: report.lines, rejected: 0 });
});

// A live cluster (DESIGN §10) seen in Chromium: a real nats-server with JetStream, two
// `tallyline serve --cluster … --node n1|n2` nodes taking lines over TCP, and the page on a
// `tallyline serve --view …` viewer. The Nodes card lists both nodes alive with their rates; once
// n2 is killed (SIGKILL, as a crash) the card shows it dead and a closed window is marked as missing it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { startNats, type NatsServer } from '../support/nats-server';
import { expect, test as base } from './support/fixtures';
import { SendProcess } from './support/send-process';
import { ServeProcess } from './support/serve-process';

/** Window size of every member, s: short, so windows close (and a missed one shows) within seconds. */
const WINDOW_SECONDS = 2;
const NODE_NAMES = ['n1', 'n2'] as const;
type NodeName = (typeof NODE_NAMES)[number];

interface ClusterFixtures {
  nats: NatsServer;
  /** The two nodes, each listening for lines on a port of its own. */
  nodes: Record<NodeName, ServeProcess>;
}

const test = base.extend<ClusterFixtures>({
  nats: async ({}, use) => {
    const nats = await startNats();
    await use(nats);
    await nats.destroy();
  },

  nodes: async ({ nats }, use, testInfo) => {
    const dirs: string[] = [];
    const nodes: Partial<Record<NodeName, ServeProcess>> = {};
    try {
      for (const name of NODE_NAMES) {
        const dataDir = await mkdtemp(join(tmpdir(), `tallyline-e2e-${name}-`));
        dirs.push(dataDir);
        const extra = ['--cluster', nats.url, '--node', name, '--listen', '127.0.0.1:0'];
        nodes[name] = await ServeProcess.spawn({ dataDir, windowSeconds: WINDOW_SECONDS, extra });
      }
      await use(nodes as Record<NodeName, ServeProcess>);
    } finally {
      for (const [name, node] of Object.entries(nodes)) {
        await node.stop();
        if (testInfo.status !== testInfo.expectedStatus && node.stderr) {
          await testInfo.attach(`${name}-stderr`, { body: node.stderr, contentType: 'text/plain' });
        }
      }
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  },

  // The page's own serve is the viewer.
  serveArgs: async ({ nats }, use) => use(['--view', nats.url]),
  serveWindowSeconds: WINDOW_SECONDS,
});

/** SIGKILLs `node` between 1.2 s and 1.5 s into a window (windows are aligned to the UTC epoch). */
async function killMidWindow(node: ServeProcess): Promise<void> {
  const windowMs = WINDOW_SECONDS * 1000;
  const wait = (1200 - (Date.now() % windowMs) + windowMs) % windowMs;
  await new Promise((r) => setTimeout(r, wait));
  await node.kill();
}

test('the viewer lists both nodes alive with their rates; a killed node turns dead and a window it missed is marked', async ({
  dashboard,
  nodes,
  page,
}) => {
  const senders = NODE_NAMES.map((name, i) => SendProcess.start({ port: nodes[name].ingestPort, rate: 50, seed: i + 1 }));
  try {
    const card = page.getByTestId('nodes-card');
    const row = (name: NodeName): Locator => card.locator(`[data-testid="node-row"][data-node="${name}"]`);

    // A viewer says so where a listener would be started, and its Settings show its role.
    await expect(page.getByTestId('listener-viewer')).toContainText('cluster viewer');
    await expect(dashboard.startButton).toHaveCount(0);
    await expect(page.getByLabel('Mode', { exact: true })).toHaveValue('view');

    await expect(card.getByTestId('cluster-link')).toHaveText(/^Connected to NATS at nats:\/\/127\.0\.0\.1:\d+$/, { timeout: 20_000 });
    for (const name of NODE_NAMES) {
      await expect(row(name).getByText('alive', { exact: true })).toBeVisible({ timeout: 20_000 });
      await expect(row(name).getByTestId('node-rate')).toHaveText(/^[1-9]/, { timeout: 10_000 });
    }
    // The nodes' windows merged: history fills, and the Nodes table is a focusable scroll region.
    await expect(page.getByTestId('history-row').first()).toBeVisible({ timeout: 20_000 });
    await expect(card.getByRole('region', { name: 'Cluster nodes, by name' })).toHaveAttribute('tabindex', '0');
    await expect(card.getByTestId('cluster-partials')).toHaveText(/^[1-9]/);

    const marks = page.getByTestId('missing-nodes');
    const marksBefore = await marks.count();
    // Killed past the middle of a window, its last heartbeat (one a second) falls inside that window:
    // n2 was alive in it and never sent its partial, so the merged window must name it missing.
    await killMidWindow(nodes.n2);

    await expect(row('n2').getByText('dead', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(row('n1').getByText('alive', { exact: true })).toBeVisible();
    await expect(row('n2').getByTestId('node-rate')).toHaveText('—');

    await expect
      .poll(() => marks.count(), { timeout: 30_000, message: 'a closed window marked as missing n2' })
      .toBeGreaterThan(marksBefore);
    const mark = marks.first();
    await expect(mark).toHaveText('n2 missing');
    await expect(mark).toHaveAttribute('title', /^Missing node: n2\. /);
    // n1 goes on: the windows after the kill hold its events.
    await expect(page.getByTestId('history-row').first().locator('td').nth(1)).toHaveText(/^[1-9]/);
  } finally {
    await Promise.all(senders.map((s) => s.stop()));
  }
});

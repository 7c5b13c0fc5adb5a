// Cluster mode's faults end to end (DESIGN §10), on a real nats-server and real `tallyline serve`
// processes: a node killed mid-window, NATS stopped under traffic, a viewer restarted. In each,
// what the surviving parts were sent is merged exactly: nothing lost, nothing doubled.
import { describe, expect, it } from 'vitest';
import { startNats } from '../../support/nats-server';
import { cluster, startNode, startViewer, summaries, waitFor, type Serve, allAlive, nodesAndViewer, since } from './cluster-procs';
import { Traffic, sendTcp, sendUdp, shownTotals, summedEvents, stopEverythingAfterEach } from './cluster-traffic';

stopEverythingAfterEach();

const WINDOW_MS = 2000;
/** Waits until the viewer has merged `traffic.total` events, then checks every total against what was sent. */
async function expectMerged(viewer: Serve, from: string, traffic: Traffic): Promise<void> {
  await waitFor(
    () => summedEvents(viewer, from),
    (n) => n >= traffic.total,
    `the viewer to merge all ${traffic.total} events`,
  );
  expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
  expect(await summedEvents(viewer, from)).toBe(traffic.total);
}

/** Waits until the clock is early in a window (window edges are the epoch's multiples), so a short act ends inside it. */
async function earlyInWindow(): Promise<void> {
  await waitFor(
    async () => Date.now() % WINDOW_MS,
    (ms) => ms > 100 && ms < 600,
    'the start of a window',
    10_000,
  );
}

describe('cluster faults', () => {
  it('names a node killed mid-window missing from the window it died in, and merges the rest exactly', async () => {
    const nats = await startNats();
    const {
      nodes: [a, b],
      viewer,
    } = await nodesAndViewer(nats.url, ['a', 'b']);
    const from = since();
    const traffic = new Traffic();
    await Promise.all([sendTcp(a!, traffic.lines(60)), sendUdp(b!, traffic.lines(60))]);
    await expectMerged(viewer, from, traffic);

    // Lines b counts in its open window, then b dies in that window, once the viewer has heard it
    // alive in it (a node heard only before the window started is not known to be in it): those
    // lines are lost with it.
    await earlyInWindow();
    const lost = new Traffic().lines(30);
    await sendTcp(b!, lost);
    const windowStart = Date.now() - (Date.now() % WINDOW_MS);
    await waitFor(
      () => cluster(viewer),
      (s) => Date.parse(s.nodes.find((n) => n.name === 'b')?.last_heartbeat ?? '') >= windowStart,
      'a heartbeat of b in its last window',
    );
    const killedAt = Date.now();
    await b!.kill('SIGKILL');
    await sendTcp(a!, traffic.lines(60));

    // Compact rows, so a timeout's message shows every window.
    await waitFor(
      async () => (await summaries(viewer, from)).map((w) => [w.window_start.slice(11, 19), w.events, w.nodes, w.nodes_missing]),
      (rows) => rows.some((r) => (r[3] as string[]).includes('b')) && rows.reduce((x, r) => x + (r[1] as number), 0) >= traffic.total,
      `a merged window naming b missing, and all ${traffic.total} events a and b sent before b died (b killed at ${new Date(killedAt).toISOString()})`,
    );
    const windows = await summaries(viewer, from);
    const died = windows.find((w) => w.nodes_missing?.includes('b'))!;
    expect(died.nodes).toEqual(['a']);
    expect(died.nodes_missing).toEqual(['b']);
    expect(Date.parse(died.window_start)).toBeLessThanOrEqual(killedAt);
    expect(Date.parse(died.window_end)).toBeGreaterThan(killedAt);
    await expectMerged(viewer, from, traffic);
    // Windows after it: b is gone, not missing.
    for (const w of windows.filter((x) => Date.parse(x.window_start) > Date.parse(died.window_start))) {
      expect(w.nodes).toEqual(['a']);
      expect(w.nodes_missing).toEqual([]);
    }
  }, 180_000);

  it('keeps counting while NATS is down and publishes the backlog when it is back: nothing lost, nothing doubled', async () => {
    const nats = await startNats();
    const {
      nodes: [a, b],
      viewer,
    } = await nodesAndViewer(nats.url, ['a', 'b']);
    const from = since();
    const traffic = new Traffic();
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
    await nats.stop();
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
    // Windows close while NATS is away: they wait in the nodes' outboxes.
    const down = await waitFor(
      () => Promise.all([cluster(a!), cluster(b!)]),
      (ss) => ss.every((s) => !s.connected && s.backlog >= 2),
      'both nodes to hold closed windows while NATS is down',
    );
    expect(down.map((s) => s.backlog).every((n) => n > 0)).toBe(true);
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
    await nats.restart();

    await waitFor(
      () => Promise.all([cluster(a!), cluster(b!)]),
      (ss) => ss.every((s) => s.connected && s.backlog === 0),
      'both nodes to publish their backlog',
    );
    await sendTcp(a!, traffic.lines(30));
    await expectMerged(viewer, from, traffic);
    const windows = await summaries(viewer, from);
    expect(new Set(windows.map((w) => w.window_start)).size).toBe(windows.length);
  }, 180_000);

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'rebuilds a viewer restarted after %s from its journal and the stream: no window twice, totals not doubled',
    async (signal) => {
      const nats = await startNats();
      const [a, b] = await Promise.all(['a', 'b'].map((n) => startNode(nats.url, n)));
      let viewer = await startViewer(nats.url);
      await allAlive(viewer, ['a', 'b']);
      const from = since();
      const traffic = new Traffic();
      await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
      await expectMerged(viewer, from, traffic);

      // Traffic whose windows close while the viewer is away, and some in flight as it goes.
      await sendTcp(a!, traffic.lines(45));
      await viewer.kill(signal);
      await sendUdp(b!, traffic.lines(45));
      await waitFor(
        () => Promise.all([summedEvents(a!, from), summedEvents(b!, from)]),
        ([x, y]) => x + y >= traffic.total,
        'the nodes to close the windows sent while the viewer is down',
      );
      viewer = await startViewer(nats.url, { dataDir: viewer.dataDir });
      await sendTcp(a!, traffic.lines(30));
      await expectMerged(viewer, from, traffic);
      const windows = await summaries(viewer, from);
      expect(new Set(windows.map((w) => w.window_start)).size).toBe(windows.length);
      for (const w of windows) expect(w.nodes?.length, `window ${w.window_start} names its nodes`).toBeGreaterThan(0);
    },
    180_000,
  );
});

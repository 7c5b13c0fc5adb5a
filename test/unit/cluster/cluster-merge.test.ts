// Cluster mode end to end (DESIGN §10): a real nats-server, real `tallyline serve` nodes and a
// viewer. Traffic split over the nodes' TCP and UDP listeners and NATS subjects is merged exactly;
// partials the viewer must not count (a duplicate, another window size) leave the totals alone.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { startNats, type NatsServer } from '../../support/nats-server';
import { cluster, startNode, startViewer, summaries, waitFor, allAlive, nodesAndViewer, since } from './cluster-procs';
import { Traffic, natsClient, publishLines, sendTcp, sendUdp, shownTotals, summedEvents, stopEverythingAfterEach } from './cluster-traffic';

stopEverythingAfterEach();

describe('a cluster of nodes and a viewer', () => {
  it('merges traffic sent over TCP, UDP and NATS to three nodes exactly, and every merged window names its nodes', async () => {
    const nats: NatsServer = await startNats();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => startNode(nats.url, n)));
    const viewer = await startViewer(nats.url);
    await allAlive(viewer, ['a', 'b', 'c']);
    const from = since();
    const traffic = new Traffic();
    const nc = await natsClient(nats.url);
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        sendTcp(a!, traffic.lines(30)),
        sendUdp(b!, traffic.lines(30)),
        sendTcp(c!, traffic.lines(30)),
        publishLines(nc, traffic.lines(30)),
      ]);
    }
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge all ${traffic.total} events`,
    );
    expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
    const windows = await summaries(viewer, from);
    expect(windows.reduce((x, w) => x + w.events, 0)).toBe(traffic.total);
    for (const w of windows) {
      expect(w.nodes?.length, `window ${w.window_start} names its nodes`).toBeGreaterThan(0);
      expect(w.nodes_missing).toEqual([]);
    }
    // Each node's windows are in the merge: the ones with traffic name the node that took it.
    const named = new Set(windows.filter((w) => w.events > 0).flatMap((w) => w.nodes ?? []));
    expect([...named].sort()).toEqual(['a', 'b', 'c']);
  }, 180_000);

  it('drops a partial published again under another message id: duplicates grow, totals do not', async () => {
    const nats = await startNats();
    const {
      nodes: [a, b],
      viewer,
    } = await nodesAndViewer(nats.url, ['a', 'b']);
    const from = since();
    const traffic = new Traffic();
    await Promise.all([sendTcp(a!, traffic.lines(150)), sendUdp(b!, traffic.lines(60))]);
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge all ${traffic.total} events`,
    );

    // The biggest partial node a published (one with events), sent again as if by another publisher.
    const nc = await natsClient(nats.url);
    const jsm = await jetstreamManager(nc);
    const last = (await jsm.streams.info('TALLYLINE')).state.last_seq;
    let biggest: { subject: string; data: Uint8Array } | null = null;
    for (let seq = 1; seq <= last; seq++) {
      const m = await jsm.streams.getMessage('TALLYLINE', { seq });
      if (m && m.subject === 'tallyline.partials.a' && (biggest === null || m.data.length > biggest.data.length)) biggest = m;
    }
    expect(biggest).not.toBeNull();
    const before = await cluster(viewer);
    const ack = await jetstream(nc).publish(biggest!.subject, biggest!.data, { msgID: 'a:replayed-by-the-test' });
    expect(ack.duplicate).toBe(false);
    await waitFor(
      () => cluster(viewer),
      (s) => s.duplicates > before.duplicates,
      'the viewer to count the duplicate',
    );

    // Windows closing after it are merged as before; the replayed one added nothing.
    await sendTcp(b!, traffic.lines(30));
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      'the viewer to merge the last events',
    );
    expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
    expect(await summedEvents(viewer, from)).toBe(traffic.total);
    expect((await cluster(viewer)).amended).toBe(before.amended);
  }, 180_000);

  it('refuses the partials of a node with another window size, says why, and merges the others exactly', async () => {
    const nats = await startNats();
    const [a, odd] = await Promise.all([startNode(nats.url, 'a'), startNode(nats.url, 'odd', { window: 4 })]);
    const viewer = await startViewer(nats.url);
    await allAlive(viewer, ['a', 'odd']);
    const from = since();
    const traffic = new Traffic();
    await sendTcp(a!, traffic.lines(150));
    await sendTcp(odd!, new Traffic().lines(90));
    await waitFor(
      () => cluster(viewer),
      (s) => s.refused > 0,
      'the viewer to refuse a partial of node odd',
    );
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge node a's ${traffic.total} events`,
    );
    expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
    expect(viewer.stderr()).toMatch(/partial from node odd was refused: window size 4 s, this viewer's is 2 s/);
    const windows = await summaries(viewer, from);
    expect(windows.reduce((x, w) => x + w.events, 0)).toBe(traffic.total);
    for (const w of windows) {
      expect(w.nodes).not.toContain('odd');
      // A node whose windows cannot be merged is not waited for, nor missing: it is refused.
      expect(w.nodes_missing).not.toContain('odd');
    }
  }, 180_000);
});

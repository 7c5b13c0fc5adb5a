// Cluster mode against NATS deployments other than one open server (DESIGN §10): a three-server
// JetStream cluster that loses a server under traffic, and a server that asks for a token.
import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { startNats, startNatsCluster } from '../../support/nats-server';
import { cluster, startNode, startServe, waitFor, allAlive, nodesAndViewer, since } from './cluster-procs';
import { Traffic, natsClient, publishLines, sendTcp, sendUdp, shownTotals, summedEvents, stopEverythingAfterEach } from './cluster-traffic';

stopEverythingAfterEach();

describe('cluster mode on other NATS deployments', () => {
  it('keeps publishing when one of three clustered servers is killed: the stream has three replicas, totals are exact', async () => {
    const nats = await startNatsCluster(3);
    const {
      nodes: [a, b],
      viewer,
    } = await nodesAndViewer(nats.urls, ['a', 'b']);
    const nc = await natsClient(nats.urls);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info('TALLYLINE')).config.num_replicas).toBe(3);
    const from = since();
    const traffic = new Traffic();
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge the first ${traffic.total} events`,
    );
    // The stream's leader, if any server is: the worst one to lose.
    const leader = (await jsm.streams.info('TALLYLINE')).cluster?.leader;
    const victim = nats.servers.find((s) => s.name === leader) ?? nats.servers[0]!;
    await victim.kill();
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendUdp(b!, traffic.lines(45))]);
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge all ${traffic.total} events`,
    );
    await Promise.all([sendTcp(a!, traffic.lines(45)), sendTcp(b!, traffic.lines(45))]);
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge all ${traffic.total} events`,
    );
    expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
    expect(await summedEvents(viewer, from)).toBe(traffic.total);
    for (const s of [a!, b!]) expect((await cluster(s)).backlog).toBe(0);
  }, 180_000);

  it('passes a token from TALLYLINE_NATS_TOKEN to NATS and never logs it', async () => {
    const token = 'tk-9f3a7c1e-secret';
    const nats = await startNats({ args: ['--auth', token] });
    const env = { TALLYLINE_NATS_TOKEN: token };
    const a = await startNode(nats.url, 'a', { env });
    const viewer = await startServe(['--view', nats.url, '--window', '2'], { env });
    await allAlive(viewer, ['a']);
    const from = since();
    const traffic = new Traffic();
    await sendTcp(a, traffic.lines(30));
    await publishLines(await natsClient(nats.url, { token }), traffic.lines(30));
    await waitFor(
      () => summedEvents(viewer, from),
      (n) => n >= traffic.total,
      `the viewer to merge all ${traffic.total} events`,
    );
    expect(await shownTotals(viewer, from)).toEqual(traffic.expected());
    expect((await cluster(a)).connected).toBe(true);
    // Without the token a node is refused: the token is what let the first one in.
    const stranger = await startNode(nats.url, 'stranger');
    await waitFor(
      async () => stranger.stderr(),
      (e) => /cannot reach NATS|Authorization|authorization/i.test(e),
      'the node without a token to be refused',
    );
    expect((await cluster(stranger)).connected).toBe(false);
    for (const s of [a, viewer, stranger]) expect(s.stderr()).not.toContain(token);
  }, 180_000);
});

import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startNats, startNatsCluster, stopAllNats } from '../../support/nats-server';

const STREAM = 'TALLYLINE';
const text = new TextEncoder();
const read = new TextDecoder();

let connections: NatsConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.map((nc) => nc.close().catch(() => {})));
  connections = [];
  await stopAllNats();
});

async function client(servers: string): Promise<NatsConnection> {
  // Reconnect without end: the tests stop and kill servers under the client on purpose.
  const nc = await connect({ servers: servers.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  connections.push(nc);
  return nc;
}

/**
 * Retries until it works: while a cluster elects new leaders (the stream's, and the JetStream meta
 * leader when the killed server held it), publishes and API requests may time out or find no
 * responders for several seconds, more on a loaded machine.
 */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function publishAcked(js: JetStreamClient, subject: string, data: string, msgID: string): Promise<PubAck> {
  return retried(() => js.publish(subject, text.encode(data), { msgID, timeout: 2000 }));
}

describe('nats-server test harness', () => {
  it('one server: a stream dedups by message id and keeps its messages over a restart', async () => {
    const server = await startNats({ jetstream: true });
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    let nc = await client(server.url);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: STREAM, subjects: ['tallyline.partials.>'], storage: 'file' });
    const js = jetstream(nc);
    const first = await js.publish('tallyline.partials.a', text.encode('w1'), { msgID: 'a:60:1' });
    const again = await js.publish('tallyline.partials.a', text.encode('w1'), { msgID: 'a:60:1' });
    expect(first).toMatchObject({ stream: STREAM, seq: 1, duplicate: false });
    expect(again).toMatchObject({ seq: 1, duplicate: true });
    await js.publish('tallyline.partials.b', text.encode('w2'), { msgID: 'b:60:1' });

    await server.stop();
    expect(server.running).toBe(false);
    await server.restart();
    expect(server.running).toBe(true);
    await nc.close();
    nc = await client(server.url);
    const after = await jetstreamManager(nc);
    expect((await after.streams.info(STREAM)).state.messages).toBe(2);
    const m1 = await after.streams.getMessage(STREAM, { seq: 1 });
    const m2 = await after.streams.getMessage(STREAM, { seq: 2 });
    expect([m1?.subject, m1 && read.decode(m1.data)]).toEqual(['tallyline.partials.a', 'w1']);
    expect([m2?.subject, m2 && read.decode(m2.data)]).toEqual(['tallyline.partials.b', 'w2']);
  });

  it('three servers: a stream with three replicas still acks publishes when its leader is killed', async () => {
    const cluster = await startNatsCluster(3);
    expect(cluster.servers).toHaveLength(3);
    expect(new Set(cluster.servers.map((s) => s.name)).size).toBe(3);
    expect(cluster.urls.split(',')).toEqual(cluster.servers.map((s) => s.url));
    const nc = await client(cluster.urls);
    const jsm = await jetstreamManager(nc);
    await jsm.getAccountInfo();
    const info = await jsm.streams.add({ name: STREAM, subjects: ['tallyline.partials.>'], num_replicas: 3 });
    expect(info.config.num_replicas).toBe(3);
    const js = jetstream(nc);
    await publishAcked(js, 'tallyline.partials.a', 'before', 'a:60:1');

    // The worst one to lose: the stream's leader, whose replicas must elect another.
    const leader = (await jsm.streams.info(STREAM)).cluster?.leader;
    const victim = cluster.servers.find((s) => s.name === leader) ?? cluster.servers[0];
    await victim.kill();
    // Stored once at seq 2; it may come back as a duplicate when a timed-out try had landed after all.
    const ack = await publishAcked(js, 'tallyline.partials.a', 'after', 'a:60:2');
    expect(ack).toMatchObject({ stream: STREAM, seq: 2 });
    // A retried publish (same id) is still recognised after the failover.
    expect(await publishAcked(js, 'tallyline.partials.a', 'after', 'a:60:2')).toMatchObject({ seq: 2, duplicate: true });
    const state = await retried(() => jsm.streams.info(STREAM));
    expect(state.state.messages).toBe(2);
    expect(state.cluster?.leader).not.toBe(victim.name);

    // Back from a crash on the same ports and storage, it rejoins.
    await victim.restart();
    expect(victim.running).toBe(true);
  }, 120_000);
});

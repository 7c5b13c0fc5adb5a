// `npm run bench` section "cluster" (DESIGN §10), against a real `nats-server -js` started here on a
// free loopback port (Debian's package, as the tests use it):
//   node: a node's ingest rate with cluster mode on (a partial published each 1 s window, a heartbeat
//     each second) against the same engine with it off, 1 s windows both, alternating, medians of 3:
//     the cost of publishing as a share of the ingest rate.
//   stream: partials of 100, 10,000 and 1,000,000 names published to the stream one after another,
//     each acknowledged before the next (as a node does): messages/s and bytes/s.
//   viewer: 10, 100 and 1,000 partials of about 10,000 names of one window (as from that many
//     nodes) decoded and merged by the viewer's board, the window made final and its record made:
//     time per window and heap growth.
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { ensureStream } from '../src-main/engine/cluster/nats-link';
import { MergeBoard, DEFAULT_BOARD } from '../src-main/engine/cluster/merge-board';
import { partialMsgId, partialsSubject } from '../src-main/engine/cluster/cluster-names';
import { LineParser } from '../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../src-main/engine/parse/parsed-event';
import { Aggregator } from '../src-main/engine/window/aggregator';
import type { WindowPartial } from '../src-main/engine/window/partial';
import { decodePartial, encodePartial } from '../src-main/engine/window/partial-codec';
import { DEFAULT_SETTINGS } from '../src-shared/settings';
import { startNats } from '../test/support/nats-server';
import { runReceiver } from './receiver-runs';

const quick = process.argv.includes('quick');
/** `node`, `stream` or `viewer` alone (for a rerun of one); all three by default. */
const part = process.argv.find((a) => ['node', 'stream', 'viewer'].includes(a));
const wanted = (p: string) => part === undefined || part === p;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
/** Lines per run: at ~7M lines/s, over a second, so each run sees 1 s windows close and publish. */
const LINES = quick ? 1_000_000 : 9_000_000;
const T0 = Date.UTC(2025, 10, 29, 12, 3);
const WINDOW_MS = 60_000;
const parser = new LineParser();
const ev = newParsedEvent();

/** A window's partial of `names` names as shard `shard` of a stream saw it: counters, timers with a value, JSON lines with a user. */
function partialOf(names: number, shard: number): WindowPartial {
  const agg = new Aggregator({ ...DEFAULT_SETTINGS }, T0);
  const lines = Math.max(2 * names, 2000);
  for (let i = 0; i < lines; i++) {
    const n = `evt.${(i * 7919 + shard * 131) % names}`;
    const text = i % 3 === 0 ? `${n}:${i % 400}|ms` : i % 3 === 1 ? `{"event":"${n}","user":"u${(i + shard * 977) % 50_000}"}` : `${n}:1|c`;
    const buf = Buffer.from(text);
    if (parser.parse(buf, 0, buf.length, ev) !== null) throw new Error(`bench line refused: ${text}`);
    agg.record(ev, T0 + Math.floor((i * 59_000) / lines));
  }
  return agg.flushPartials(T0 + WINDOW_MS)[0]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0));

const nats = await startNats();
try {
  console.log(`cluster (nats-server ${nats.url}, JetStream in ${nats.dir})`);

  // node overhead
  if (wanted('node')) await nodeOverhead();
  if (wanted('stream')) await streamRates();
  if (wanted('viewer')) viewerMerge();
} finally {
  await nats.destroy();
}

async function nodeOverhead(): Promise<void> {
  const on: number[] = [];
  const off: number[] = [];
  const node = { window_seconds: 1, cluster_mode: 'node', cluster_urls: nats.url, cluster_node: 'bench' };
  for (let r = 0; r < 3; r++) {
    off.push((await runReceiver('engine', 'statsd', 100, 1, LINES, Math.floor(LINES / 3), { window_seconds: 1 })).warm_lines_per_sec);
    on.push((await runReceiver('engine', 'statsd', 100, 1, LINES, Math.floor(LINES / 3), node)).warm_lines_per_sec);
  }
  const ratio = median(on) / median(off);
  console.log(`  node, StatsD 100 names, 1 connection, 1 s windows (medians of 3, warm lines/s):`);
  console.log(
    `    cluster off ${fmt(median(off))}/s   node publishing ${fmt(median(on))}/s   ratio ${ratio.toFixed(3)}   overhead ${((1 - ratio) * 100).toFixed(1)} % (target ≤ 5 %)`,
  );
}

async function streamRates(): Promise<void> {
  const nc = await connect({ servers: nats.url });
  await ensureStream(nc, 1);
  const js = jetstream(nc);
  console.log('  stream, partials published one after another, each acknowledged:');
  for (const names of quick ? [100, 10_000] : [100, 10_000, 1_000_000]) {
    const bytes = encodePartial(partialOf(names, 0));
    const count = names >= 1_000_000 ? 20 : 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      await js.publish(partialsSubject('bench'), bytes, { msgID: partialMsgId('bench', WINDOW_MS, T0 + i * WINDOW_MS + names) });
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `    ${String(names).padStart(9)} names: ${fmt(bytes.length)} B per partial   ${fmt(count / s)} msg/s   ${fmt((count * bytes.length) / s)} B/s`,
    );
  }
  await nc.close();
}

function viewerMerge(): void {
  console.log('  viewer, one window from N nodes (partials of ~10,000 names; 20 distinct ones, reused):');
  const shards = Array.from({ length: 20 }, (_, i) => encodePartial(partialOf(10_000, i)));
  for (const n of quick ? [10, 100] : [10, 100, 1000]) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const board = new MergeBoard({ ...DEFAULT_BOARD, windowMs: WINDOW_MS, topN: DEFAULT_SETTINGS.top_n });
    for (let i = 0; i < n; i++) board.add(`node${i}`, decodePartial(shards[i % shards.length]!));
    const records = board.due(T0 + WINDOW_MS + DEFAULT_BOARD.graceMs);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
    if (records.length !== 1) throw new Error(`expected one final window, got ${records.length}`);
    console.log(
      `    ${String(n).padStart(5)} partials: ${ms.toFixed(0)} ms per window (${(ms / n).toFixed(2)} ms per partial)   heap +${heapMb.toFixed(0)} MB   ${fmt(records[0]!.summary.events)} events, ${fmt(records[0]!.summary.unique_events)} names`,
    );
  }
}

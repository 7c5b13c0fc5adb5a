// `node --import tsx bench/hot-path.ts`: in-process check of the ingest hot path, no sockets, as
// ratios against counting newlines over the same bytes: framing + parsing alone, then the full path
// a socket's chunks take (Connection -> Ingest -> parse -> Aggregator -> window counters), with
// 100 and with 1,000,000 distinct names. CPU time, best of several rounds (wall time on a shared
// machine mostly measures the neighbours); only the ratios mean much. The loopback benchmark is
// bench/run.ts.
import { Socket } from 'node:net';
import { Aggregator } from '../src-main/engine/window/aggregator';
import { Connection } from '../src-main/engine/ingest/connection';
import { LineFramer, type LineSink } from '../src-main/engine/ingest/framing';
import { Ingest } from '../src-main/engine/ingest/line-ingest';
import { LineParser } from '../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../src-main/engine/parse/parsed-event';
import { DEFAULT_SETTINGS } from '../src-shared/settings';
import { block, type BenchFormat } from './traffic';

const LINES = 1_000_000;
const CHUNK = 64 * 1024;
const ROUNDS = 7;

type Format = BenchFormat | 'json+ts';

const tsLine = (i: number) =>
  `{"event":"event.${(i % 100).toString(36)}","ts":"2025-11-29T12:03:07.${String(i % 1000).padStart(3, '0')}Z","tags":{"plan":"pro"}}\n`;

function chunksOf(format: Format, names: number): Buffer[] {
  const all =
    format === 'json+ts' ? Buffer.from(Array.from({ length: LINES }, (_, i) => tsLine(i)).join('')) : block(format, names, 0, LINES);
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += CHUNK) chunks.push(all.subarray(at, at + CHUNK));
  return chunks;
}

function countNewlines(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) for (let at = c.indexOf(10); at >= 0; at = c.indexOf(10, at + 1)) n++;
  return n;
}

class ParseSink implements LineSink {
  readonly parser = new LineParser();
  readonly out = newParsedEvent();
  events = 0;
  rejects = 0;
  line(buf: Buffer, start: number, end: number): void {
    if (this.parser.parse(buf, start, end, this.out) === null) this.events += this.out.count;
    else this.rejects++;
  }
  overlong(): void {
    this.rejects++;
  }
}

function frameAndParse(chunks: Buffer[]): void {
  const sink = new ParseSink();
  const framer = new LineFramer(65536, sink);
  for (const c of chunks) framer.push(c);
  framer.end();
  if (sink.rejects > 0) throw new Error(`${sink.rejects} lines rejected`);
}

/** The engine's path for one connection, kept across rounds so that they measure the steady state (tables full, code optimised). */
function fullPath(): (chunks: Buffer[]) => void {
  let now = Date.parse('2025-11-29T12:03:00.000Z');
  const aggregator = new Aggregator(DEFAULT_SETTINGS, now);
  const ingest = new Ingest(aggregator);
  // An unconnected socket: a connection reads only its address.
  const conn = new Connection('c1', new Socket(), ingest, () => now, 65536);
  return (chunks) => {
    for (const c of chunks) {
      now += 0.01; // all rounds stay in one window, as one long burst would
      // A copy, as each socket read is a buffer of its own: young while it is read, which a store of
      // it into a long-lived object pays for (parsed-event.ts). The copy's cost (fresh memory, a
      // memcpy) is one a socket read has too.
      conn.data(Buffer.from(c));
    }
    if (ingest.counters.rejected > 0) throw new Error(`${ingest.counters.rejected} lines rejected`);
  };
}

/** Best of several rounds, in lines per second of CPU time. */
function best(fn: (chunks: Buffer[]) => void, chunks: Buffer[]): number {
  let fastest = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    fn(chunks);
    const used = process.cpuUsage(t0);
    fastest = Math.min(fastest, (used.user + used.system) / 1e6);
  }
  return LINES / fastest;
}

const m = (n: number) => `${(n / 1e6).toFixed(1)}M`.padStart(7);
console.log('format   names     newlines/s  framed+parsed/s ratio  full path/s ratio  ns/line');
const cases: [Format, number][] = [
  ['plain', 100],
  ['statsd', 100],
  ['timer', 100],
  ['tagged', 100],
  ['json', 100],
  ['json+ts', 100],
  ['plain', 1_000_000],
  ['statsd', 1_000_000],
  ['json', 1_000_000],
];
for (const [format, names] of cases) {
  const chunks = chunksOf(format, names);
  const base = best(countNewlines, chunks);
  const parsed = names === 100 ? best(frameAndParse, chunks) : NaN;
  const full = best(fullPath(), chunks);
  const parsedCols = Number.isNaN(parsed) ? '       -        -' : `${m(parsed)}         ${(parsed / base).toFixed(2)}`;
  console.log(
    `${format.padEnd(8)} ${String(names).padEnd(9)} ${m(base)}     ${parsedCols}   ${m(full)}    ${(full / base).toFixed(2)}   ${(1e9 / full).toFixed(0).padStart(4)}`,
  );
}

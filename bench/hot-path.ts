// `node --import tsx bench/hot-path.ts`: in-process sanity check of the ingest hot path (framing +
// parsing, no sockets, no aggregation), as ratios against counting newlines over the same bytes.
// Only the ratios mean much on a noisy machine; the full benchmark is bench/run.ts.
import { LineFramer, type LineSink } from '../src-main/engine/framing';
import { LineParser } from '../src-main/engine/parse';
import { newParsedEvent } from '../src-main/engine/parsed-event';

const LINES = 1_000_000;
const CHUNK = 64 * 1024;
const ROUNDS = 7;

const formats: Record<string, (i: number) => string> = {
  plain: (i) => `event.${(i % 100).toString(36)}\n`,
  statsd: (i) => `event.${(i % 100).toString(36)}:${(i % 7) + 1}|c\n`,
  json: (i) => `{"event":"event.${(i % 100).toString(36)}","user":"u${i % 1000}","value":${i % 100}}\n`,
  'json+ts': (i) => `{"event":"event.${(i % 100).toString(36)}","ts":"2025-11-29T12:03:07.${String(i % 1000).padStart(3, '0')}Z","tags":{"plan":"pro"}}\n`,
};

function chunksOf(lineOf: (i: number) => string): Buffer[] {
  const all = Buffer.from(Array.from({ length: LINES }, (_, i) => lineOf(i)).join(''));
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

function frameAndParse(chunks: Buffer[]): number {
  const sink = new ParseSink();
  const framer = new LineFramer(65536, sink);
  for (const c of chunks) framer.push(c);
  framer.end();
  if (sink.rejects > 0) throw new Error(`${sink.rejects} lines rejected`);
  return sink.events;
}

/** Best of several rounds, in lines per second of CPU time (wall time would count other processes' turns on a shared machine). */
function best(fn: (chunks: Buffer[]) => number, chunks: Buffer[]): number {
  let fastest = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    fn(chunks);
    const used = process.cpuUsage(t0);
    fastest = Math.min(fastest, (used.user + used.system) / 1e6);
  }
  return LINES / fastest;
}

console.log('format   newlines/s  framed+parsed/s  ratio');
for (const [name, lineOf] of Object.entries(formats)) {
  const chunks = chunksOf(lineOf);
  const base = best(countNewlines, chunks);
  const hot = best(frameAndParse, chunks);
  console.log(`${name.padEnd(8)} ${(base / 1e6).toFixed(1).padStart(8)}M  ${(hot / 1e6).toFixed(1).padStart(13)}M  ${(hot / base).toFixed(2)}`);
}

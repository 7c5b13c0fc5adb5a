// `npm run bench` section "partials" (alone: `node --expose-gc --import tsx bench/partials.ts [quick]`):
// the binary form of window partials (DESIGN §9) and their merge, on partials the real Aggregator
// makes from a mix of lines (plain counters, StatsD timers with two tags, JSON with a user and a
// value, sets), all in one window.
//   size and speed: encoded bytes with details and with details:false, and encode and decode time,
//     for windows of 100, 10,000 and 1,000,000 distinct names (the last kept as 10,000 Space-Saving
//     counters and an HLL, as the Aggregator keeps it), and a window holding 1,000,000 names
//     exactly (a WindowState with an exact limit of 1M: the codec's worst case). Times as ratios
//     against JSON.stringify of the same partial's names and counts, and decode against
//     structuredClone of the partial (the floor for making its objects), measured in the same run.
//   merge: 10, 100 and 1,000 partials of about 10,000 names each (20 shards of one stream, reused
//     in turn) merged with foldPartials (as a cluster viewer merges a window), then recordOfPartial:
//     time per window, as a ratio to the record of 1 partial, and heap and RSS growth (a full GC
//     before); with details and without (names, users, counts); and 10 folded pairwise with
//     mergePartials, the way foldPartials replaced (each step makes every name's details anew).
import { LineParser } from '../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../src-main/engine/parse/parsed-event';
import { NameCounts } from '../src-main/engine/sketch/name-counts';
import { Aggregator } from '../src-main/engine/window/aggregator';
import { GaugeLevels } from '../src-main/engine/window/event-entry';
import { mergePartials, type WindowPartial } from '../src-main/engine/window/partial';
import { foldPartials } from '../src-main/engine/window/partial-fold';
import { decodePartial, encodePartial } from '../src-main/engine/window/partial-codec';
import { recordOfPartial } from '../src-main/engine/window/partial-record';
import { WindowState } from '../src-main/engine/window/window-state';
import { DEFAULT_SETTINGS } from '../src-shared/settings';

const quick = process.argv[2] === 'quick';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

/** 12:03:00.000 UTC, on a minute boundary. */
const T0 = Date.UTC(2025, 10, 29, 12, 3);
const parser = new LineParser();
const ev = newParsedEvent();

/** Line i of a stream over `names` names: a mix of the formats, names cycling so that each comes at least once. */
function lineOf(i: number, names: number): Buffer {
  const n = `evt.${(i * 7919) % names}`;
  switch (i % 4) {
    case 0:
      return Buffer.from(`${n}:1|c`);
    case 1:
      return Buffer.from(`${n}:${i % 500}|ms|#region:r${i % 5},plan:p${i % 3}`);
    case 2:
      return Buffer.from(`{"event":"${n}","user":"u${i % 20_000}","value":${(i % 1000) / 4}}`);
    default:
      return Buffer.from(`${n}:u${i % 3000}|s`);
  }
}

/** Feeds `lines` lines of `names` names (line i to `into(i)`), one ms apart from T0 within one minute. */
function feedLines(lines: number, names: number, into: (i: number) => { record(e: typeof ev, at: number): void }): void {
  for (let i = 0; i < lines; i++) {
    const buf = lineOf(i, names);
    if (parser.parse(buf, 0, buf.length, ev) !== null) throw new Error(`bench line refused: ${buf.toString()}`);
    into(i).record(ev, T0 + Math.floor((i * 59_000) / lines));
  }
}

function aggregatorPartial(names: number): WindowPartial {
  const agg = new Aggregator({ ...DEFAULT_SETTINGS }, T0);
  feedLines(Math.max(2 * names, 2000), names, () => agg);
  return agg.flushPartials(T0 + 61_000)[0]!;
}

/** A window that keeps `names` names exactly: not what the Aggregator keeps (10,000), the codec's worst case. */
function exactPartial(names: number): WindowPartial {
  const w = new WindowState(new GaugeLevels(), new NameCounts({ exactLimit: names, capacity: names }));
  w.open(T0, T0 + 60_000, 60_000);
  feedLines(names, names, () => ({ record: (e, at) => w.add(e, at) }));
  return w.toPartial();
}

/** Median ms of `rounds` runs of `f`. */
function time(rounds: number, f: () => unknown): number {
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const kb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

function sizeAndSpeed(): void {
  const cases: [string, () => WindowPartial][] = [
    ['100', () => aggregatorPartial(100)],
    ['10,000', () => aggregatorPartial(10_000)],
    ['1,000,000 (10k kept)', () => aggregatorPartial(quick ? 200_000 : 1_000_000)],
    ['1,000,000 kept exactly', () => exactPartial(quick ? 200_000 : 1_000_000)],
  ];
  console.log(`Partials: encoded size and speed, one 60 s window from the Aggregator, node ${process.version}, median of runs`);
  console.log(
    'names seen              kept      bytes      bytes/name  details:false  JSON counts  encode     decode     enc/JSON  dec/JSON  dec/clone  lean enc  lean dec',
  );
  for (const [label, make] of cases) {
    const p = make();
    const kept = p.names.names.length;
    const rounds = kept >= 100_000 ? 1 : kept >= 10_000 ? 11 : 101;
    const full = encodePartial(p);
    const lean = encodePartial(p, { details: false });
    const json = () => JSON.stringify({ names: p.names.names, counts: Array.from(p.names.counts) });
    const jsonBytes = Buffer.byteLength(json());
    const tJson = time(rounds, json);
    const tEnc = time(rounds, () => encodePartial(p));
    const tDec = time(rounds, () => decodePartial(full));
    const tLeanEnc = time(rounds, () => encodePartial(p, { details: false }));
    const tLeanDec = time(rounds, () => decodePartial(lean));
    const tClone = time(rounds, () => structuredClone(p));
    console.log(
      `${pad(label, 23)} ${pad(kept.toLocaleString('en'), 9)} ${pad(kb(full.length), 10)} ${pad((full.length / kept).toFixed(1), 11)} ` +
        `${pad(kb(lean.length), 14)} ${pad(kb(jsonBytes), 12)} ${pad(ms(tEnc), 10)} ${pad(ms(tDec), 10)} ` +
        `${pad((tEnc / tJson).toFixed(2), 9)} ${pad((tDec / tJson).toFixed(2), 9)} ${pad((tDec / tClone).toFixed(2), 10)} ${pad(ms(tLeanEnc), 9)} ${ms(tLeanDec)}`,
    );
  }
  console.log(
    'JSON counts: JSON.stringify of the names and counts only (no users, values, tags, sketches); enc/JSON, dec/JSON: time ratios',
  );
  console.log('dec/clone: decode time against structuredClone of the same partial (both make every object the partial holds);');
  console.log('median of 101 runs (100 names), 11 (10,000), 1 run from 100,000 kept names on');
}

/** `shards` partials of one window of a stream over `names` names, each shard taking every shards-th line. */
function shardPartials(shards: number, names: number, lines: number): WindowPartial[] {
  const aggs = Array.from({ length: shards }, () => new Aggregator({ ...DEFAULT_SETTINGS }, T0));
  feedLines(lines, names, (i) => aggs[(Math.imul(i, 0x9e3779b1) >>> 8) % shards]!);
  return aggs.map((a) => a.flushPartials(T0 + 61_000)[0]!);
}

function merges(): void {
  const shards = 20;
  // About 10,000 names a shard: 22,000 lines over 11,000 names each, shards by a hash of the line number.
  const pool = shardPartials(shards, 11_000, shards * (quick ? 8_000 : 22_000));
  const lean = pool.map((p) => ({ ...p, details: null, other: null }));
  const avg = pool.reduce((n, p) => n + p.names.names.length, 0) / pool.length;
  console.log(
    `\nPartials: merge per window, partials of ${Math.round(avg).toLocaleString('en')} names on average (${shards} shards, reused in turn), ` +
      `foldPartials then recordOfPartial (top_n 1000)`,
  );
  console.log('details  partials  time/window  per partial  vs 1 partial  heap growth  RSS growth  merged names');
  mergeRows('with', pool, quick ? [10, 100] : [10, 100, 1000], foldPartials);
  mergeRows('none', lean, quick ? [10, 100] : [10, 100, 1000], foldPartials);
  mergeRows('pairwise', pool, [10], (parts) => parts.reduce((acc, p) => mergePartials(acc, p)));
  console.log('vs 1 partial: against recordOfPartial of one partial; heap/RSS growth: at the end of the merge');
  console.log('less the figure after a full GC before it');
}

function mergeRows(label: string, pool: WindowPartial[], counts: number[], merge: (parts: WindowPartial[]) => WindowPartial): void {
  const record = (p: WindowPartial) => recordOfPartial(p, { topN: 1000 });
  const base = time(5, () => record(pool[0]!));
  console.log(`${pad(label, 8)} 1         ${pad(ms(base), 12)} ${pad(ms(base), 12)} 1.00`);
  for (const n of counts) {
    const parts = Array.from({ length: n }, (_, i) => pool[i % pool.length]!);
    gc!();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let peakHeap = heap0;
    let peakRss = rss0;
    const t0 = process.hrtime.bigint();
    const acc = merge(parts);
    record(acc);
    const t = Number(process.hrtime.bigint() - t0) / 1e6;
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    console.log(
      `${pad(label, 8)} ${pad(n, 9)} ${pad(ms(t), 12)} ${pad(ms(t / n), 12)} ${pad((t / base).toFixed(1), 13)} ` +
        `${pad(`${((peakHeap - heap0) / 1e6).toFixed(0)} MB`, 12)} ${pad(`${((peakRss - rss0) / 1e6).toFixed(0)} MB`, 11)} ` +
        `${acc.names.names.length.toLocaleString('en')}${acc.names.exact ? '' : ' (estimated)'}`,
    );
  }
}

sizeAndSpeed();
merges();

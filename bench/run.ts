// `npm run bench`: every section below, one after the other, each printing its own figures.
//   ingest  throughput over real loopback sockets (this file)
//   workers ingest threads (DESIGN §9): 4 connections on 1 and 2 ingest threads, 1 connection on
//           both, against the newline-counting sink and a naive split-and-Map loop in the same run
//   values  timers with values against plain counters (ingest rate), and the memory that values
//           and tags add at 10,000 names in one window (peak RSS, with and without)
//   udp     StatsD datagrams of 20 lines at 50k and 200k datagrams/s from a sender process: lines/s
//           sent and counted, kernel drops (bench/udp.ts)
//   export  a year of minute windows exported as CSV: rows/s and heap growth (bench/csv-export.ts)
//   partials the binary form of window partials: bytes, encode and decode time at 100, 10,000 and 1M
//           names, and merging 10 to 1,000 partials a window (bench/partials.ts)
//   cluster a node's ingest rate publishing vs not, partials through JetStream (msg/s, B/s), and the
//           viewer's merge of 10 to 1,000 partials per window (bench/cluster.ts; needs nats-server)
//   ui      the built serve and page in Chromium under 1M events/s: ingest rate with the page open,
//           long tasks, snapshots/s, event-to-screen lag (bench/ui-load.ts; needs `npm run build`)
// `--only ingest,export` runs just those; `--skip export` all but those; `--quick` shrinks the runs.
//
// ingest: lines/s as ratios against a baseline that only counts newlines, measured in the same run
// on the same traffic (these machines are noisy, so only the ratios mean much). Each receiver runs in its own process, so peak RSS is its own.
// Each row is measured as the issue that set its targets measured it: 20M lines a run, the median of
// 3 runs (baseline and engine runs interleaved, so drift hits both). Two ratios per row: over the
// whole run, as a client that connects and sends 20M lines sees it (the engine's first ~100 ms run
// before V8 has compiled its hot path), and "warm": over the lines after the first third, the
// sustained rate of an engine that has been running.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { BenchFormat } from './traffic';
import { runReceiver, type Mode, type Result } from './receiver-runs';

const here = new URL('.', import.meta.url).pathname;
const tsx = ['--import', 'tsx'];
const quick = process.argv.includes('--quick');

const SECTIONS = ['ingest', 'workers', 'values', 'udp', 'export', 'partials', 'cluster', 'ui'] as const;
type Section = (typeof SECTIONS)[number];
/** The sections named by `--flag a,b` (or `--flag=a,b`), or null when the flag is absent. */
function sectionsOf(flag: string): Set<Section> | null {
  const i = process.argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return null;
  const arg = process.argv[i].includes('=') ? process.argv[i].slice(flag.length + 1) : (process.argv[i + 1] ?? '');
  const names = arg.split(',').filter(Boolean);
  for (const n of names)
    if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`${flag}: no section ${n} (${SECTIONS.join(', ')})`);
  return new Set(names as Section[]);
}
const only = sectionsOf('--only');
const skip = sectionsOf('--skip');
const wanted = (s: Section) => (only === null || only.has(s)) && !skip?.has(s);
// 10M: the sink reads 3M lines in a tenth of a second, too short to time against 10 ms polls.
const LINES = quick ? 400_000 : 10_000_000;
const HUGE = quick ? 1_000_000 : 10_000_000;
/** Lines of each run before the warm rate is timed. */
const WARMUP = Math.floor(LINES / 3);

/** The ingest rows: lines per run and runs per row (see the header). */
const INGEST_LINES = quick ? 400_000 : 20_000_000;
const INGEST_ROUNDS = quick ? 1 : 3;

const run = (mode: Mode, format: BenchFormat, names: number, connections: number, lines: number): Promise<Result> =>
  runReceiver(mode, format, names, connections, lines, WARMUP);

/** `rounds` runs of the baseline and the engine, interleaved: the median rates of each (whole and warm), and the engine's highest peak RSS. */
async function medianRuns(format: BenchFormat, names: number, connections: number, rounds: number) {
  const runs = { base: [] as Result[], eng: [] as Result[] };
  for (let r = 0; r < rounds; r++) {
    runs.base.push(await runReceiver('baseline', format, names, connections, INGEST_LINES, INGEST_LINES / 3));
    runs.eng.push(await runReceiver('engine', format, names, connections, INGEST_LINES, INGEST_LINES / 3));
  }
  const of = (rs: Result[]) => ({
    lines_per_sec: median(rs.map((x) => x.lines_per_sec)),
    warm_lines_per_sec: median(rs.map((x) => x.warm_lines_per_sec)),
  });
  return { base: of(runs.base), eng: { ...of(runs.eng), peak_rss_mb: Math.max(...runs.eng.map((x) => x.peak_rss_mb)) } };
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);

async function ingestSection(): Promise<void> {
  const targets: Record<string, number> = { plain: 0.5, statsd: 0.5, json: 0.3 };

  console.log(
    `Tallyline ingest benchmark: ${fmt(INGEST_LINES)} lines per run, median of ${INGEST_ROUNDS}, loopback TCP, node ${process.version}`,
  );
  console.log(`whole run: all lines from the first byte; warm: the lines after the first ${fmt(INGEST_LINES / 3)}`);
  console.log('                          whole run                    warm');
  console.log('format  names      conns  baseline/s  engine/s   ratio  baseline/s  engine/s   ratio  target  engine peak RSS');
  for (const format of ['plain', 'statsd', 'json'] as const) {
    for (const names of [100, 1_000_000]) {
      for (const connections of [1, 4]) {
        const { base, eng } = await medianRuns(format, names, connections, INGEST_ROUNDS);
        const ratio = eng.lines_per_sec / base.lines_per_sec;
        const warmRatio = eng.warm_lines_per_sec / base.warm_lines_per_sec;
        const target = names > 100 ? 0.3 : targets[format]!;
        const verdict = ratio >= target ? '' : warmRatio >= target ? '  (below target; warm meets it)' : '  (below target)';
        console.log(
          `${format.padEnd(7)} ${String(names).padEnd(10)} ${String(connections).padEnd(6)} ${fmt(base.lines_per_sec).padEnd(11)} ${fmt(eng.lines_per_sec).padEnd(10)} ${ratio.toFixed(2).padEnd(6)} ` +
            `${fmt(base.warm_lines_per_sec).padEnd(11)} ${fmt(eng.warm_lines_per_sec).padEnd(10)} ${warmRatio.toFixed(2).padEnd(6)} ${`≥${target}`.padEnd(7)} ${eng.peak_rss_mb.toFixed(0)} MB${verdict}`,
        );
      }
    }
  }

  // An hour's window: a minute's (the default) may close during the run, and the count read is the open window's.
  const huge = await runReceiver('engine', 'plain', HUGE, 1, HUGE, WARMUP, { window_seconds: 3600 });
  console.log(
    `\n${fmt(HUGE)} distinct names in one window: engine peak RSS ${huge.peak_rss_mb.toFixed(0)} MB (target ≤ 300 MB), ` +
      `unique_events ${huge.unique_events} (${huge.unique_exact ? 'exact' : 'HyperLogLog estimate'}), ${fmt(huge.lines_per_sec)} lines/s`,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Values cost: `lat:123|ms` timers against `name:1|c` counters, 100 names, one connection, the
 * engine only (no baseline needed: the counters are the baseline), runs interleaved so drift in
 * the machine hits both; then 10,000 names with a value and two tags each against the same names
 * as counters, all in one window, for the memory per-event details add.
 */
async function valuesSection(): Promise<void> {
  const rounds = quick ? 1 : 3;
  const counters: number[] = [];
  const timers: number[] = [];
  for (let r = 0; r < rounds; r++) {
    counters.push((await run('engine', 'statsd', 100, 1, LINES)).warm_lines_per_sec);
    timers.push((await run('engine', 'timer', 100, 1, LINES)).warm_lines_per_sec);
  }
  const ratio = median(timers) / median(counters);
  console.log(`Values: ${fmt(LINES)} StatsD lines, 100 names, 1 connection, warm rate, median of ${rounds}`);
  console.log(`counters (name:1|c)   ${fmt(median(counters))}/s`);
  console.log(
    `timers (lat:123|ms)   ${fmt(median(timers))}/s   ratio ${ratio.toFixed(2)} (target ≥ 0.8)${ratio >= 0.8 ? '' : '  (below target)'}`,
  );
  const names = 10_000;
  const lines = quick ? 400_000 : 2_000_000;
  const plain = await run('engine', 'statsd', names, 1, lines);
  const tagged = await run('engine', 'tagged', names, 1, lines);
  const extra = tagged.peak_rss_mb - plain.peak_rss_mb;
  console.log(
    `${names.toLocaleString('en')} names in one window, ${fmt(lines)} lines: counters peak RSS ${plain.peak_rss_mb.toFixed(0)} MB, ` +
      `timers with 2 tags ${tagged.peak_rss_mb.toFixed(0)} MB: ${extra.toFixed(0)} MB more (target ≤ 100 MB)${extra <= 100 ? '' : '  (over target)'}`,
  );
}

/**
 * Ingest threads: the same StatsD and plain traffic (100 names) into the sink, the naive loop, the
 * engine on its own thread (ingest_workers 1) and on two threads (its own and a worker), runs
 * interleaved, medians of 3.
 */
async function workersSection(): Promise<void> {
  const rounds = quick ? 1 : 3;
  console.log(
    `Ingest threads: ${fmt(LINES)} lines, 100 names, loopback TCP, warm rate, median of ${rounds} (the sender shares the 2 cores)`,
  );
  console.log('format  conns  sink/s     naive/s    1 thread/s  2 threads/s  2t/1t  2t/sink  2t/naive  target');
  for (const format of ['statsd', 'plain'] as const) {
    for (const connections of [4, 1]) {
      const rates: Record<string, number[]> = { baseline: [], naive: [], 'engine:1': [], 'engine:2': [] };
      for (let r = 0; r < rounds; r++) {
        for (const mode of Object.keys(rates) as Mode[])
          rates[mode]!.push((await run(mode, format, 100, connections, LINES)).warm_lines_per_sec);
      }
      const [sink, naive, one, two] = Object.values(rates).map(median) as [number, number, number, number];
      const target = connections === 4 ? '2t/1t ≥ 1.5' : '2t/1t ≥ 1 (not slower)';
      console.log(
        `${format.padEnd(7)} ${String(connections).padEnd(6)} ${fmt(sink).padEnd(10)} ${fmt(naive).padEnd(10)} ${fmt(one).padEnd(11)} ${fmt(two).padEnd(12)} ` +
          `${(two / one).toFixed(2).padEnd(6)} ${(two / sink).toFixed(2).padEnd(8)} ${(two / naive).toFixed(2).padEnd(9)} ${target}`,
      );
    }
  }
}

/** Runs a section's script in a process of its own (its heap and RSS are its own), output straight through. */
async function script(file: string, args: string[], nodeArgs: string[] = []): Promise<void> {
  const c = spawn(process.execPath, [...nodeArgs, ...tsx, `${here}${file}`, ...args], { stdio: 'inherit' });
  const [code] = (await once(c, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${file} exited with ${code}`);
}

const sections: Record<Section, () => Promise<void>> = {
  ingest: ingestSection,
  workers: workersSection,
  values: valuesSection,
  udp: () => script('udp.ts', quick ? ['1'] : []),
  export: () => script('csv-export.ts', quick ? ['100000'] : [], ['--expose-gc']),
  partials: () => script('partials.ts', quick ? ['quick'] : [], ['--expose-gc']),
  cluster: () => script('cluster.ts', quick ? ['quick'] : [], ['--expose-gc']),
  ui: () => script('ui-load.ts', quick ? ['4'] : []),
};
let first = true;
for (const name of SECTIONS) {
  if (!wanted(name)) continue;
  if (!first) console.log('');
  first = false;
  await sections[name]();
}

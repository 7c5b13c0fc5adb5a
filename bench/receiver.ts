// Child process: receives one run of traffic and reports lines/s and peak RSS as one JSON line.
// argv: mode (baseline|naive|engine|engine:N) expectedLines [warmupLines]
// lines_per_sec counts every line from the first byte; warm_lines_per_sec only the lines after the
// first warmupLines, once V8 has compiled the hot path (the engine's first ~100 ms run unoptimised
// code, a large share of a run that lasts a few tenths of a second).
// baseline: a net.Server that only counts newlines — the ceiling set by loopback and the sender.
// naive: what a quick script would do: lines split as strings, each name counted in a Map (the
// name is what precedes the first `:`, the whole line for plain ones). No limits, no windows.
// engine: the real engine (listener, framing, parsing, windows, counting, snapshots every 250 ms);
// engine:N with ingest_workers N (worker threads from the TypeScript source); plain `engine` takes
// the default, one per core.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src-main/engine/engine';

const [mode, expectedArg, warmupArg] = process.argv.slice(2);
const expected = Number(expectedArg);
const warmup = Number(warmupArg ?? 0);
const NL = 10;

interface Timing {
  /** From the first byte seen to the last line counted. */
  seconds: number;
  /** From when at least `warmup` lines were seen counted (warmLines: how many then) to the last line. */
  warmSeconds: number;
  warmLines: number;
}

function report(t: Timing, extra: Record<string, unknown> = {}): void {
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const warm = t.warmSeconds > 0 ? (expected - t.warmLines) / t.warmSeconds : NaN;
  process.stdout.write(
    `${JSON.stringify({ lines: expected, seconds: t.seconds, lines_per_sec: expected / t.seconds, warm_lines_per_sec: warm, peak_rss_mb: rssMb, ...extra })}\n`,
  );
}

/** Times a run from the lines counted so far, each time `seen` is called. */
class RunTimer {
  private t0 = 0n;
  private tWarm = 0n;
  private warmLines = 0;

  constructor(private readonly finish: (t: Timing) => void) {}

  /** `lines` counted so far; true once the run is complete (finish was called). */
  seen(lines: number): boolean {
    const now = process.hrtime.bigint();
    if (this.t0 === 0n) this.t0 = now;
    if (this.tWarm === 0n && lines >= warmup) {
      this.tWarm = now;
      this.warmLines = lines;
    }
    if (lines < expected) return false;
    this.finish({ seconds: Number(now - this.t0) / 1e9, warmSeconds: Number(now - this.tWarm) / 1e9, warmLines: this.warmLines });
    return true;
  }
}

/** Polls the engine every 10 ms (often enough for runs of tenths of a second, rarely enough not to eat into them). */
function poll(started: () => boolean, counted: () => number, timer: RunTimer): void {
  const interval = setInterval(() => {
    if (started() && timer.seen(counted())) clearInterval(interval);
  }, 10);
}

if (mode === 'baseline') {
  let lines = 0;
  // Timed in the data handler itself, which costs one call per chunk: exact to the chunk.
  const timer = new RunTimer((t) => {
    report(t);
    process.exit(0);
  });
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      if (lines === 0) timer.seen(0);
      let at = chunk.indexOf(NL);
      while (at !== -1) {
        lines++;
        at = chunk.indexOf(NL, at + 1);
      }
      timer.seen(lines);
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  });
} else if (mode === 'naive') {
  let lines = 0;
  const counts = new Map<string, number>();
  const timer = new RunTimer((t) => {
    report(t, { unique_events: counts.size });
    process.exit(0);
  });
  const server = createServer((socket) => {
    let carry = '';
    socket.on('data', (chunk: Buffer) => {
      if (lines === 0) timer.seen(0);
      const parts = (carry + chunk.toString('latin1')).split('\n');
      carry = parts.pop()!;
      for (const line of parts) {
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        counts.set(name, (counts.get(name) ?? 0) + 1);
        lines++;
      }
      timer.seen(lines);
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tallyline-bench-'));
  // Plain `engine` takes the default: one ingest thread per core.
  const workers = mode.startsWith('engine:') ? Number(mode.slice('engine:'.length)) : 0;
  const engine = await Engine.open({
    dataDir: dir,
    log: () => {},
    // bench/cluster.ts runs the engine as a cluster node (and with short windows) through this.
    settings: { ingest_workers: workers, ...(JSON.parse(process.env.BENCH_ENGINE_SETTINGS || '{}') as object) },
    ingestWorker: { url: new URL('../src-main/engine/worker/ingest-worker.ts', import.meta.url).href },
  });
  const ticker = setInterval(() => engine.tick(Date.now()), 250);
  // A cluster node is timed once connected (steady state), not while it connects and makes the stream.
  while (engine.clusterStatus().mode === 'node' && !engine.clusterStatus().connected) await new Promise((r) => setTimeout(r, 20));
  const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ port: state.state === 'listening' ? state.port : 0 })}\n`);
  const timer = new RunTimer((t) => {
    const snap = engine.tick(Date.now());
    clearInterval(ticker);
    report(t, { unique_events: snap.window.unique_events, unique_exact: snap.window.unique_exact, rejected: snap.totals.rejected });
    void engine.shutdown().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  poll(
    // From the first connection, which the engine's thread counts at once: bytes read by a worker
    // are reported a call later, which would start the clock late and flatter the engine.
    () => engine.status().totals.connections_total > 0,
    () => engine.status().totals.lines,
    timer,
  );
}

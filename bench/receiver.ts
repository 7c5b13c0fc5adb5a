// Child process: receives one run of traffic and reports lines/s and peak RSS as one JSON line.
// argv: mode (baseline|engine) expectedLines
// baseline: a net.Server that only counts newlines — the ceiling set by loopback and the sender.
// engine: the real engine (listener, framing, parsing, windows, counting, snapshots every 250 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src-main/engine/engine';

const [mode, expectedArg] = process.argv.slice(2);
const expected = Number(expectedArg);
const NL = 10;

function report(seconds: number, extra: Record<string, unknown> = {}): void {
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ lines: expected, seconds, lines_per_sec: expected / seconds, peak_rss_mb: rssMb, ...extra })}\n`);
}

/** Polls until `done()`, timing from the first byte seen to the last line counted. */
function watch(started: () => boolean, done: () => boolean, finish: (seconds: number) => void): void {
  let t0 = 0n;
  const timer = setInterval(() => {
    if (t0 === 0n && started()) t0 = process.hrtime.bigint();
    if (t0 !== 0n && done()) {
      clearInterval(timer);
      finish(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }, 10);
}

if (mode === 'baseline') {
  let lines = 0;
  let bytes = 0;
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      let at = chunk.indexOf(NL);
      while (at !== -1) {
        lines++;
        at = chunk.indexOf(NL, at + 1);
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  });
  watch(() => bytes > 0, () => lines >= expected, (s) => {
    report(s);
    process.exit(0);
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tallyline-bench-'));
  const engine = await Engine.open({ dataDir: dir, log: () => {} });
  const ticker = setInterval(() => engine.tick(Date.now()), 250);
  const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ port: state.state === 'listening' ? state.port : 0 })}\n`);
  watch(() => engine.status().totals.bytes > 0, () => engine.status().totals.lines >= expected, (s) => {
    const snap = engine.tick(Date.now());
    clearInterval(ticker);
    report(s, { unique_events: snap.window.unique_events, unique_exact: snap.window.unique_exact, rejected: snap.totals.rejected });
    void engine.shutdown().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

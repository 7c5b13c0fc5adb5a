// `npm run bench` section "ui" (alone: `node --import tsx bench/ui-load.ts [measureSeconds]`): the
// real `tallyline serve` from out/ (built by `npm run build`; nothing is built here) and the real
// page in Chromium, fed by `tallyline send --rate 1000000 --connections 4`. It prints figures the
// e2e tests must not assert (a shared 2-core machine makes them noisy), each beside a baseline
// measured in the same run:
//   ingest events/s with the page open, against the same serve and sender with no page open;
//   long tasks (PerformanceObserver 'longtask') under load, against the same page idle;
//   snapshots per second the page received, by the engine's clock (the design says at most 4);
//   event-to-screen lag: one event sent at a random point between two snapshots, until its total
//   is painted, ten times, with the engine otherwise idle.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { Status } from '../src-shared/api';
import type { ListenerState } from '../src-shared/types';
import { DashboardPage } from '../test/e2e/support/dashboard-page';
import { CHROMIUM_ARGS, findBrowser, missingBrowserMessage } from '../test/e2e/support/find-browser';
import type { PageGlobals } from '../test/e2e/support/page-globals';
import { SendProcess } from '../test/e2e/support/send-process';
import { ServeProcess } from '../test/e2e/support/serve-process';
import { TcpClient } from '../test/e2e/support/tcp';

const RATE = 1_000_000;
const CONNECTIONS = 4;
const NAMES = 1000;
/** Seconds of load before measuring (the sender ramps up, V8 compiles the hot path). */
const WARM_SEC = 2;
const MEASURE_SEC = Number(process.argv[2] ?? 8);
const LAG_PROBES = 10;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(
    base + path,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  );
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Engine events per second over `seconds`, from /api/status at both ends. */
async function ingestRate(base: string, seconds: number): Promise<number> {
  const a = await api<Status>(base, '/api/status');
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const b = await api<Status>(base, '/api/status');
  return (b.totals.events - a.totals.events) / ((performance.now() - t0) / 1000);
}

/** Sends at RATE until stopped; resolves once the engine has counted every line sent. */
async function underLoad<T>(base: string, port: number, counted: { lines: number }, body: () => Promise<T>): Promise<T> {
  const sender = SendProcess.start({ port, rate: RATE, names: NAMES, connections: CONNECTIONS });
  let result: T;
  try {
    await sleep(WARM_SEC * 1000);
    result = await body();
  } finally {
    counted.lines += (await sender.stop()).lines;
  }
  // Let the engine catch up before the next phase, so one phase's backlog is not the next one's load.
  const deadline = Date.now() + 60_000;
  while ((await api<Status>(base, '/api/status')).totals.lines < counted.lines) {
    if (Date.now() > deadline) throw new Error(`the engine did not count the ${counted.lines} lines sent within 60 s`);
    await sleep(100);
  }
  return result;
}

interface Frame {
  /** The snapshot's own time (engine clock), ms. */
  at: number;
}

/** Records every snapshot frame the page receives over /api/live (set up before the page opens). */
function recordSnapshots(page: Page): Frame[] {
  const frames: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string' || !f.payload.startsWith('{"type":"snapshot"')) return;
      frames.push({ at: Date.parse((JSON.parse(f.payload) as { data: { at: string } }).data.at) });
    });
  });
  return frames;
}

/** Starts a PerformanceObserver for long tasks as the page loads, before any of its own scripts. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__longTasks = [];
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

interface PageFigures {
  snapshotsPerSec: number;
  longTasks: number;
  longestMs: number;
  totalMs: number;
  seconds: number;
}

/** What the page received and spent in long tasks while `during` ran. */
async function pageFigures(page: Page, frames: Frame[], during: () => Promise<void>): Promise<PageFigures> {
  const from = frames.length;
  const t0 = await page.evaluate(() => performance.now());
  await during();
  const t1 = await page.evaluate(() => performance.now());
  const got = frames.slice(from);
  const tasks = (await page.evaluate(() => (globalThis as unknown as PageGlobals).__longTasks)).filter(
    (t) => t.start >= t0 && t.start <= t1,
  );
  const span = got.length > 1 ? (got.at(-1)!.at - got[0].at) / 1000 : NaN;
  return {
    snapshotsPerSec: (got.length - 1) / span,
    longTasks: tasks.length,
    longestMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
    totalMs: tasks.reduce((s, t) => s + t.duration, 0),
    seconds: (t1 - t0) / 1000,
  };
}

/** Milliseconds from sending one event to the frame painted after its total is on screen, LAG_PROBES times. */
async function lagProbes(page: Page, base: string, port: number): Promise<number[]> {
  const client = await TcpClient.open(port);
  const lags: number[] = [];
  try {
    let total = (await api<Status>(base, '/api/status')).totals.events;
    for (let i = 0; i < LAG_PROBES; i++) {
      total += 1;
      await page.evaluate(
        (expected) => {
          const g = globalThis as unknown as PageGlobals;
          g.__shown = new Promise((resolve) => {
            const check = () => {
              if (g.document.querySelector('[data-testid="stat-events-note"]')?.textContent === expected) {
                g.requestAnimationFrame(() => resolve(Date.now()));
              } else g.requestAnimationFrame(check);
            };
            check();
          });
        },
        `${total.toLocaleString('en-US')} total`,
      );
      // Send at a random point between two snapshots, not just after one.
      await sleep(Math.floor(Math.random() * 250));
      const sent = Date.now();
      await client.send([`lag-probe-${i}`]);
      lags.push((await page.evaluate(() => (globalThis as unknown as PageGlobals).__shown)) - sent);
    }
  } finally {
    await client.close();
  }
  return lags;
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
const ms = (n: number) => `${Math.round(n)} ms`;

const browser = findBrowser();
if (!browser) throw new Error(missingBrowserMessage());
const dataDir = await mkdtemp(join(tmpdir(), 'tallyline-bench-ui-'));
let serve: ServeProcess | null = null;
const chrome = await chromium.launch({ executablePath: browser.executablePath, args: [...CHROMIUM_ARGS] });
try {
  serve = await ServeProcess.spawn({ dataDir });
  const base = serve.start.ui;
  const listening = await api<ListenerState>(base, '/api/listener/start', { host: '127.0.0.1', port: 0 });
  if (listening.state !== 'listening') throw new Error(`listener did not start: ${JSON.stringify(listening)}`);
  const port = listening.port;
  const counted = { lines: 0 };

  // 1. Baseline: the same serve and sender, no page open.
  const alone = await underLoad(base, port, counted, () => ingestRate(base, MEASURE_SEC));

  // 2. The page, idle: its own long tasks and snapshot rate; then the lag of single events.
  const context = await chrome.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in __name(); the
  // functions handed to page.evaluate carry that call into the page, so the page needs it defined.
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const frames = recordSnapshots(page);
  await observeLongTasks(page);
  await new DashboardPage(page).open(base);
  const idle = await pageFigures(page, frames, () => sleep(MEASURE_SEC * 1000));
  const lags = await lagProbes(page, base, port);
  counted.lines += LAG_PROBES;

  // 3. The page under load.
  let withPage = 0;
  const loaded = await underLoad(base, port, counted, () =>
    pageFigures(page, frames, async () => {
      withPage = await ingestRate(base, MEASURE_SEC);
    }),
  );
  await page.goto('about:blank'); // leave before serve stops
  await context.close();

  const sorted = [...lags].sort((a, b) => a - b);
  console.log(
    `UI under load: tallyline serve + ${browser.executablePath ?? "Playwright's Chromium"}, ` +
      `tallyline send --rate ${RATE} --connections ${CONNECTIONS} --names ${NAMES}; ${MEASURE_SEC} s per figure after ${WARM_SEC} s of warm-up`,
  );
  console.log('                        ingest events/s  ratio  snapshots/s  long tasks  longest   in long tasks');
  console.log(`no page (baseline)      ${fmt(alone).padEnd(16)} 1.00`);
  const row = (name: string, rate: string, ratio: string, f: PageFigures) =>
    console.log(
      `${name.padEnd(23)} ${rate.padEnd(16)} ${ratio.padEnd(6)} ${f.snapshotsPerSec.toFixed(2).padEnd(12)} ${String(f.longTasks).padEnd(11)} ` +
        `${ms(f.longestMs).padEnd(9)} ${ms(f.totalMs)} of ${f.seconds.toFixed(1)} s`,
    );
  row('page open, idle', '-', '', idle);
  row('page open, under load', fmt(withPage), (withPage / alone).toFixed(2), loaded);
  console.log(
    `event-to-screen lag, ${LAG_PROBES} single events, engine otherwise idle: median ${ms(sorted[Math.floor(sorted.length / 2)])}, ` +
      `max ${ms(sorted.at(-1)!)} (snapshots every 250 ms); samples ${lags.map(Math.round).join(' ')}`,
  );
} finally {
  await chrome.close();
  await serve?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

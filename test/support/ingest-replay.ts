// An engine with real ingest worker threads (their TypeScript source, run through tsx), its
// data folder removed after each test, and a replay of mixed traffic through it over real sockets:
// for the tests that compare its records on one thread and on several.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterEach, expect } from 'vitest';
import type { Settings } from '../../src-shared/settings';
import type { LogFn, WindowRecord } from '../../src-shared/types';
import { Engine } from '../../src-main/engine/engine';
import type { IngestPool } from '../../src-main/engine/ingest/ingest-pool';
import type { IngestWorkerSpec } from '../../src-main/engine/ingest/worker-shard';
import { readRecords } from '../../src-main/engine/journal/reader';
import { endClient, openClient, until, writeChunks } from './tcp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0);
const INGEST_WORKER_URL = new URL('../../src-main/engine/worker/ingest-worker.ts', import.meta.url).href;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export interface Run {
  engine: Engine;
  dir: string;
  port: number;
  logs: string[];
  clock: { now: number };
}

/** How busy connections are shared out (the IngestWorkerSpec options; the defaults when left out). */
export type Spread = Pick<IngestWorkerSpec, 'spreadFromBytes' | 'keepingUpBytes'>;

/** Every chunk of a connection shared, in turns that the engine's thread always takes (so that it surely reads some lines). */
export const EVERY_CHUNK: Spread = { spreadFromBytes: 1, keepingUpBytes: 0 };

export async function start(settings: Partial<Settings>, spread: Spread = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tallyline-workers-'));
  dirs.push(dir);
  const clock = { now: T0 + 250 };
  const logs: string[] = [];
  const log: LogFn = (level, message) => logs.push(`${level}: ${message}`);
  const engine = await Engine.open({
    dataDir: dir,
    clock: () => clock.now,
    log,
    settings,
    ingestWorker: { url: INGEST_WORKER_URL, ...spread },
  });
  const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
  if (state.state !== 'listening') throw new Error(`not listening: ${JSON.stringify(state)}`);
  return { engine, dir, port: state.port, logs, clock };
}

export async function records(dir: string): Promise<WindowRecord[]> {
  const out: WindowRecord[] = [];
  for await (const r of readRecords(dir, {})) out.push(r);
  return out;
}

/** The engine's pool, to reach its worker threads from outside as a crash would. */
export const poolOf = (engine: Engine) => (engine as unknown as { pool: IngestPool }).pool;

/**
 * Client c's lines of step s: JSON with users, values and tags, StatsD timers (sampled too),
 * counters, sets and gauges (set and moved on this client's own names), plain lines, and lines
 * that are rejected for several reasons; one line split over two writes.
 */
export function linesOf(c: number, s: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const k = s * 40 + i;
    switch (i % 8) {
      case 0:
        out.push(
          JSON.stringify({
            event: `checkout.${k % 5}`,
            user: `u${(k * 7) % 23}`,
            value: (k % 97) + 0.25,
            tags: { plan: k % 3 ? 'pro' : 'free' },
          }),
        );
        break;
      case 1:
        out.push(`api.latency.${k % 4}:${(k * 31) % 700}|ms${k % 5 === 0 ? '|@0.5' : ''}|#route:/r${k % 6}`);
        break;
      case 2:
        out.push(`jobs.done:${(k % 3) + 1}|c`);
        break;
      case 3:
        out.push(`visitors:v${(k * 13) % 41}|s`);
        break;
      case 4:
        out.push(k % 4 === 0 ? `queue.c${c}:${k % 50}|g` : `queue.c${c}:${k % 2 ? '+' : '-'}${k % 5}|g`);
        break;
      case 5:
        out.push(`page.view.${k % 9}`);
        break;
      case 6:
        out.push(k % 3 === 0 ? '{"event": 12}' : k % 3 === 1 ? 'bad:x|c' : 'bad:1|zz');
        break;
      default:
        out.push(JSON.stringify({ event: `signup`, user: `n${k}` }));
    }
  }
  return out;
}

export interface ReplayOptions {
  /** Client c's lines of step s (default linesOf). */
  lines?: (c: number, s: number) => string[];
  /** See start. */
  spread?: Spread;
  /** Called once every line is counted, before the clients go. */
  before?: (run: Run) => void;
}

/** Sends `steps` rounds from `clients` connections, ticking a 5 s-window clock 700 ms each round, then stops; resolves with the records. */
export async function replay(
  settings: Partial<Settings>,
  clients: number,
  steps: number,
  opts: ReplayOptions = {},
): Promise<WindowRecord[]> {
  const lines = opts.lines ?? linesOf;
  const run = await start({ window_seconds: 5, ...settings }, opts.spread);
  // Really on that many threads (1: the engine's own).
  expect(run.engine.status().totals.ingest_threads).toBe(settings.ingest_workers);
  const sockets: Socket[] = [];
  for (let c = 0; c < clients; c++) sockets.push(await openClient(run.port));
  let sent = 0;
  for (let s = 0; s < steps; s++) {
    await Promise.all(
      sockets.map((sock, c) => {
        const step = lines(c, s);
        const text = `${step.join('\n')}\n`;
        // Blank and whitespace-only lines are neither events nor rejects.
        sent += step.filter((l) => !/^[\t\n\v\f\r ]*$/.test(l)).length;
        const cut = 7 + ((s * 11 + c) % 60);
        return writeChunks(sock, [text.slice(0, cut), text.slice(cut)]);
      }),
    );
    await until(() => run.engine.status().totals.lines === sent, `step ${s}: ${sent} lines counted`);
    run.clock.now += 700;
    run.engine.tick(run.clock.now);
  }
  opts.before?.(run);
  for (const sock of sockets) await endClient(sock);
  await until(() => run.engine.status().connections.length === 0, 'clients gone');
  await run.engine.shutdown();
  return records(run.dir);
}

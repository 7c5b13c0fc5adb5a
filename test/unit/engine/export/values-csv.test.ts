// Values, users, gauges and tags sent over a real socket come back out of event_counts.csv, read
// by a real CSV parser: what a user's spreadsheet or script sees (DESIGN §8).
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../../../src-main/engine/engine';
import { exportCsv } from '../../../../src-main/engine/export/csv-export';
import { sendAndClose, until } from '../../../support/tcp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0);
let dir: string;
let now: number;
let engine: Engine;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-values-csv-'));
  now = T0 + 1000;
  engine = await Engine.open({ dataDir: dir, clock: () => now, log: () => {}, settings: { window_seconds: 60 } });
});

afterEach(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** The exact value at rank floor(q·(n−1)) of the sorted values, the rank DDSketch answers for. */
const rankQuantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

it('event_counts.csv holds each event’s users, values with quantiles within 1 %, and gauge level, read back by csv-parse', async () => {
  const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
  if (state.state !== 'listening') throw new Error(JSON.stringify(state));
  // 300 timer values (past the 8 kept exactly, so the sketch answers), each with a route tag.
  const latencies = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 997) + 0.5);
  const lines = [
    ...latencies.map((v, i) => `api.latency:${v}|ms|#route:/r${i % 3}`),
    'queue.depth:10|g',
    'queue.depth:+5|g',
    'queue.depth:-3|g',
    ...['u1', 'u2', 'u3', 'u2'].map((u, i) => JSON.stringify({ event: 'checkout', user: u, value: 10 * (i + 1) })),
  ];
  await sendAndClose(state.port, [lines.join('\n') + '\n']);
  await until(() => engine.status().totals.lines === lines.length, 'every line read');
  now = T0 + 61_000;
  engine.tick(now);

  const file = join(dir, 'event_counts.csv');
  const out = createWriteStream(file);
  await exportCsv(dir, { what: 'event_counts' }, out);
  out.end();
  await finished(out);
  const rows = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
  const byName = Object.fromEntries(rows.map((r) => [r.event, r]));

  const latency = byName['api.latency']!;
  const sorted = [...latencies].sort((a, b) => a - b);
  const sum = latencies.reduce((a, b) => a + b, 0);
  expect(latency).toMatchObject({ count: '300', value_count: '300', value_min: String(sorted[0]), value_max: String(sorted[299]) });
  expect(Number(latency.value_sum)).toBeCloseTo(sum, 6);
  expect(Number(latency.value_mean)).toBeCloseTo(sum / 300, 6);
  for (const [column, q] of [
    ['value_p50', 0.5],
    ['value_p90', 0.9],
    ['value_p99', 0.99],
  ] as const) {
    const want = rankQuantile(sorted, q);
    expect(Math.abs(Number(latency[column]) - want), `${column}: ${latency[column]} vs ${want}`).toBeLessThanOrEqual(0.01 * want);
  }
  expect(latency.gauge_last).toBe('');

  // 10, then +5 and -3 move it: 12, as StatsD has it; levels 10, 15, 12 are its values.
  expect(byName['queue.depth']).toMatchObject({ count: '3', gauge_last: '12', value_count: '3', value_min: '10', value_max: '15' });

  expect(byName['checkout']).toMatchObject({
    count: '4',
    distinct_users: '3',
    distinct_users_exact: 'true',
    value_count: '4',
    value_sum: '100',
    value_min: '10',
    value_max: '40',
    value_mean: '25',
    value_p50: '20',
    gauge_last: '',
  });
});

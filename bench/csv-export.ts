// `npm run bench` section "export" (alone: `node --expose-gc --import tsx bench/csv-export.ts [windows]`):
// a year of minute windows (525,600) in a journal, exported as summaries.csv and event_counts.csv to
// a destination that only counts bytes, against a baseline that reads the same journal without
// writing CSV, in the same process and run. Reports rows/s, the ratio to the baseline, and the
// heap's peak growth over each pass (a full GC before it, then heapUsed sampled at every progress
// report, i.e. every 100 windows). The unit test pins that the export streams (bounded writes,
// waits for drain); how much memory and time that takes is measured here, not asserted there.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { exportCsv } from '../src-main/engine/export/csv-export';
import { readRecords, readSummaries } from '../src-main/engine/journal/reader';
import { Journal } from '../src-main/engine/journal/writer';
import { MINUTE_MS, minuteRecords } from '../test/support/window-records';

const WINDOWS = Number(process.argv[2] ?? 525_600);
/** The bound the old unit test asserted; reported against here. */
const HEAP_TARGET_MB = 48;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

interface Pass {
  rows: number;
  bytes: number;
  seconds: number;
  heapGrowthMb: number;
}

/** Runs `body`, handing it a `sample` to call often; times it and records the heap's peak over it. */
async function measure(body: (sample: () => void) => Promise<{ rows: number; bytes: number }>): Promise<Pass> {
  gc!();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  const t0 = process.hrtime.bigint();
  const { rows, bytes } = await body(sample);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  sample();
  return { rows, bytes, seconds, heapGrowthMb: (peak - before) / 1024 / 1024 };
}

/** A destination that counts and drops, as fast as a destination can be. */
function counter(): Writable & { bytes: number } {
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.bytes += chunk.length;
      cb();
    },
  }) as Writable & { bytes: number };
  out.bytes = 0;
  return out;
}

const dir = await mkdtemp(join(tmpdir(), 'tallyline-bench-export-'));
try {
  const journal = await Journal.open(dir, { warn: () => {}, retentionDays: 400 });
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < WINDOWS; i += 10_000) journal.appendAll(minuteRecords(start + i * MINUTE_MS, Math.min(10_000, WINDOWS - i)));
  journal.close();

  const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  console.log(
    `CSV export: ${WINDOWS.toLocaleString('en-US')} minute windows, to a destination that only counts; ` +
      `baseline: reading the same journal without CSV, same run`,
  );
  console.log('file              rows        CSV size  read rows/s  export rows/s  ratio  heap growth (read)  target');

  for (const what of ['summaries', 'event_counts'] as const) {
    const read = await measure(async (sample) => {
      let rows = 0;
      let windows = 0;
      if (what === 'summaries') {
        for await (const _summary of readSummaries(dir)) {
          rows++;
          if (++windows % 100 === 0) sample();
        }
      } else {
        for await (const r of readRecords(dir)) {
          rows += r.event_counts.length;
          if (++windows % 100 === 0) sample();
        }
      }
      return { rows, bytes: 0 };
    });
    const out = counter();
    const exported = await measure(async (sample) => {
      const { rows } = await exportCsv(dir, { what }, out, sample);
      return { rows, bytes: out.bytes };
    });
    if (exported.rows !== read.rows) throw new Error(`${what}: exported ${exported.rows} rows, read ${read.rows}`);
    const readRate = read.rows / read.seconds;
    const exportRate = exported.rows / exported.seconds;
    const verdict = exported.heapGrowthMb < HEAP_TARGET_MB ? '' : '  (over target)';
    console.log(
      `${`${what}.csv`.padEnd(17)} ${exported.rows.toLocaleString('en-US').padEnd(11)} ${mb(exported.bytes / 1e6).padEnd(9)} ` +
        `${fmt(readRate).padEnd(12)} ${fmt(exportRate).padEnd(14)} ${(exportRate / readRate).toFixed(2).padEnd(6)} ` +
        `${`${mb(exported.heapGrowthMb)} (${mb(read.heapGrowthMb)})`.padEnd(19)} <${HEAP_TARGET_MB} MB${verdict}`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

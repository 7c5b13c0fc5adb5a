import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventCount } from '../../../../src-shared/types';
import { Journal } from '../../../../src-main/engine/journal/writer';
import { countWindows, readRecords, readSummaries } from '../../../../src-main/engine/journal/reader';
import { collect, MINUTE_MS, minuteRecords, tempDir, windowRecord } from '../../../support/window-records';

const T0 = Date.UTC(2025, 10, 29, 12, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(() => remove());

async function journalOf(records: ReturnType<typeof minuteRecords>): Promise<void> {
  const j = await Journal.open(dir, { warn: () => {} });
  j.appendAll(records);
  j.close();
}

describe('journal readers', () => {
  it('read nothing and count zero when the folder has no journal yet', async () => {
    const missing = join(dir, 'never-created');
    expect(await collect(readSummaries(missing))).toEqual([]);
    expect(await collect(readRecords(missing))).toEqual([]);
    expect(await countWindows(missing)).toBe(0);
  });

  it('select windows starting in [from, to), at and between window boundaries, and count them alike', async () => {
    const records = minuteRecords(T0, 500);
    await journalOf(records);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -10, max: 510 }), fc.integer({ min: -10, max: 510 }), fc.boolean(), async (a, b, between) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const shift = between ? 30_000 : 0;
        const range = { from: iso(T0 + lo * MINUTE_MS + shift), to: iso(T0 + hi * MINUTE_MS + shift) };
        const expected = records.filter((r) => r.summary.window_start >= range.from && r.summary.window_start < range.to);
        expect(await collect(readRecords(dir, range))).toEqual(expected);
        expect(await countWindows(dir, range)).toBe(expected.length);
      }),
      { numRuns: 60 },
    );
    expect(await collect(readSummaries(dir, { from: iso(T0 + 498 * MINUTE_MS) }))).toEqual(records.slice(498).map((r) => r.summary));
    expect(await collect(readSummaries(dir, { to: iso(T0 + 2 * MINUTE_MS) }))).toEqual(records.slice(0, 2).map((r) => r.summary));
  });

  it('join each window to its own counts when windows carry 1,000 counts and some carry none', async () => {
    const counts = (i: number): EventCount[] => Array.from({ length: 1000 }, (_, k) => ({ event: `w${i}-e${k}`, count: 1000 - k }));
    const records = Array.from({ length: 300 }, (_, i) => windowRecord(T0 + i * MINUTE_MS, { counts: i % 3 === 0 ? [] : counts(i) }));
    await journalOf(records);
    for (const from of [0, 1, 2, 150, 299]) {
      const got = await collect(readRecords(dir, { from: iso(T0 + from * MINUTE_MS), to: iso(T0 + (from + 7) * MINUTE_MS) }));
      expect(got).toEqual(records.slice(from, from + 7));
    }
  });

  it('skip a torn last line silently, as a writer may be mid-append', async () => {
    const records = minuteRecords(T0, 3);
    await journalOf(records);
    appendFileSync(join(dir, 'summaries.jsonl'), '{"n":4,"s":{"window_start":"2025-');
    const warnings: string[] = [];
    const read = await collect(readRecords(dir, {}, { warn: (m) => warnings.push(m) }));
    expect(read).toEqual(records);
    expect(warnings).toEqual([]);
    expect(await countWindows(dir)).toBe(3);
  });

  it('see a record appended by an open journal while they read', async () => {
    const j = await Journal.open(dir, { warn: () => {} });
    const records = minuteRecords(T0, 4);
    j.appendAll(records.slice(0, 2));
    const got: unknown[] = [];
    for await (const r of readRecords(dir)) {
      got.push(r);
      if (got.length === 1) j.append(records[2]);
    }
    // The reader's view is the journal as it was when reading began; a new read sees the rest.
    expect(got).toEqual(records.slice(0, 2));
    j.append(records[3]);
    j.close();
    expect(await collect(readRecords(dir))).toEqual(records);
  });

  it('read back 43,200 minute windows (30 days)', async () => {
    const records = minuteRecords(T0, 43_200);
    await journalOf(records);
    // How fast: npm run bench (export) reads a year of windows as its baseline.
    const read = await collect(readSummaries(dir));
    expect(read).toHaveLength(43_200);
    expect(read[43_199]).toEqual(records[43_199].summary);
    expect(await countWindows(dir)).toBe(43_200);
  });
});

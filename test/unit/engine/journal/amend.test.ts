import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportRequest } from '../../../../src-shared/api';
import type { WindowRecord } from '../../../../src-shared/types';
import { exportCsv } from '../../../../src-main/engine/export/csv-export';
import { readEventHistory, readEventTotals } from '../../../../src-main/engine/journal/event-history';
import { countWindows, readRecords, readSummaries } from '../../../../src-main/engine/journal/reader';
import { Journal } from '../../../../src-main/engine/journal/writer';
import { collect, MINUTE_MS, minuteRecords, tempDir, windowRecord } from '../../../support/window-records';

const T0 = Date.UTC(2025, 10, 29, 12, 0);
const DAY_MS = 86_400_000;
/** A clock within every window's retention. */
const NOW = T0 + DAY_MS;
const iso = (ms: number): string => new Date(ms).toISOString();
const SUMMARIES = 'summaries.jsonl';
const COUNTS = 'event_counts.jsonl';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(() => remove());

/** Version `k` of a window as a cluster viewer would re-merge it: more events, other counts, its nodes. */
function amended(record: WindowRecord, k: number): WindowRecord {
  const start = Date.parse(record.summary.window_start);
  const counts = [
    { event: `late${k}`, count: 100 * k },
    { event: 'signup', count: 2 + k },
  ];
  const base = windowRecord(start, { counts });
  return {
    summary: { ...base.summary, events: record.summary.events + 1000 * k, nodes: ['a', 'b', `n${k}`], nodes_missing: [] },
    event_counts: counts,
  };
}

/** What every reader should give: the newest record of each window, in window order. */
function newest(records: WindowRecord[], amendments: WindowRecord[]): WindowRecord[] {
  const byStart = new Map(records.map((r) => [r.summary.window_start, r]));
  for (const a of amendments) byStart.set(a.summary.window_start, a);
  return [...byStart.values()].sort((a, b) => (a.summary.window_start < b.summary.window_start ? -1 : 1));
}

async function exportText(req: ExportRequest): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await exportCsv(dir, req, out);
  return text;
}

async function expectReaders(expected: WindowRecord[], range: { from?: string; to?: string } = {}): Promise<void> {
  const warnings: string[] = [];
  const warn = (m: string): void => void warnings.push(m);
  expect(await collect(readRecords(dir, range, { warn }))).toEqual(expected);
  expect(await collect(readSummaries(dir, range, { warn }))).toEqual(expected.map((r) => r.summary));
  expect(await countWindows(dir, range)).toBe(expected.length);
  expect(warnings).toEqual([]);
}

describe('Journal.amend', () => {
  it('makes every reader see the amended window once, as its newest record, in window order', async () => {
    const records = minuteRecords(T0, 6);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records.slice(0, 4));
    const a1 = amended(records[1], 1);
    await j.amend(a1, NOW);
    j.appendAll(records.slice(4));
    const a4 = amended(records[4], 1);
    await j.amend(a4, NOW);
    expect(j.lastWindowEnd).toBe(T0 + 6 * MINUTE_MS);
    j.close();

    const expected = newest(records, [a1, a4]);
    await expectReaders(expected);
    await expectReaders(expected.slice(1, 5), { from: iso(T0 + MINUTE_MS), to: iso(T0 + 5 * MINUTE_MS) });
    await expectReaders(expected.slice(2), { from: iso(T0 + 2 * MINUTE_MS) });
    // The merged window's nodes come back from the journal.
    expect((await collect(readSummaries(dir)))[1]).toMatchObject({ nodes: ['a', 'b', 'n1'], nodes_missing: [] });

    const history = await readEventHistory(dir, { name: 'signup' });
    expect(history.windows.map((w) => w.count)).toEqual([2, 3, 2, 2, 3, 2]);
    const totals = await readEventTotals(dir, {});
    expect(totals.find((t) => t.event === 'late1')?.count).toBe(200);
    expect(totals.find((t) => t.event === `e${(T0 + MINUTE_MS) / 1000}`)).toBeUndefined();
  });

  it('exports the newest record of each window to both CSVs, without the nodes fields', async () => {
    const records = minuteRecords(T0, 3);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records);
    await j.amend(amended(records[1], 1), NOW);
    j.close();

    const summaries = parse(await exportText({ what: 'summaries' }), { columns: true }) as Record<string, string>[];
    expect(summaries.map((r) => r.window_start)).toEqual(records.map((r) => r.summary.window_start));
    expect(summaries[1].events).toBe(String(records[1].summary.events + 1000));
    expect(Object.keys(summaries[1]).some((k) => k.startsWith('nodes'))).toBe(false);

    const rows = parse(await exportText({ what: 'event_counts' }), { columns: true }) as Record<string, string>[];
    const second = rows.filter((r) => r.window_start === records[1].summary.window_start);
    expect(second.map((r) => [r.event, r.count])).toEqual([
      ['late1', '100'],
      ['signup', '3'],
    ]);
    expect(rows).toHaveLength(3 + 2 + 3);
  });

  it('keeps the last of several amendments of one window, with appends between them', async () => {
    const records = minuteRecords(T0, 5);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records.slice(0, 3));
    await j.amend(amended(records[2], 1), NOW);
    await j.amend(amended(records[2], 2), NOW);
    j.append(records[3]);
    await j.amend(amended(records[2], 3), NOW);
    j.append(records[4]);
    j.close();
    await expectReaders(newest(records, [amended(records[2], 3)]));
    await expectReaders([amended(records[2], 3)], { from: iso(T0 + 2 * MINUTE_MS), to: iso(T0 + 3 * MINUTE_MS) });
  });

  it('is compacted to the newest record of each window, and still read in window order', async () => {
    const records = minuteRecords(T0, 6);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records);
    await j.amend(amended(records[2], 1), NOW);
    await j.amend(amended(records[2], 2), NOW);
    await j.amend(amended(records[5], 1), NOW);
    expect(await j.compact(NOW)).toEqual({ removed: 0 });
    const expected = newest(records, [amended(records[2], 2), amended(records[5], 1)]);
    // One line per window in each file: the superseded records and their counts are gone.
    expect(readFileSync(join(dir, SUMMARIES), 'utf8').trim().split('\n')).toHaveLength(6);
    expect(readFileSync(join(dir, COUNTS), 'utf8').trim().split('\n')).toHaveLength(6);
    await expectReaders(expected);
    // The amended window's record now lies after later windows: ranges around it must still find it.
    for (let from = 0; from <= 6; from++) {
      for (const to of [from + 1, from + 2, 7]) {
        await expectReaders(expected.slice(from, to), { from: iso(T0 + from * MINUTE_MS), to: iso(T0 + to * MINUTE_MS) });
      }
    }
    // A window kept only as an amendment can be amended again, and compaction past it drops it.
    await j.amend(amended(records[2], 3), NOW);
    await expectReaders(newest(records, [amended(records[2], 3), amended(records[5], 1)]));
    expect(j.lastWindowEnd).toBe(T0 + 6 * MINUTE_MS);
    const later = T0 + 3 * MINUTE_MS + 1 + j.retentionDays * DAY_MS;
    expect(await j.compact(later)).toEqual({ removed: 3 });
    await expectReaders(newest(records, [amended(records[5], 1)]).slice(3));
    j.close();
  });

  it('repairs a torn amendment at the tail on reopen, keeping the window as it was before it', async () => {
    const records = minuteRecords(T0, 3);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records);
    await j.amend(amended(records[0], 1), NOW);
    j.close();
    // A crash mid-amendment: its counts landed, its summary line (the commit) only in part.
    const torn = amended(records[1], 1);
    appendFileSync(join(dir, COUNTS), `{"n":5,"w":"${torn.summary.window_start}","c":[["late1",100]]}\n`);
    appendFileSync(join(dir, SUMMARIES), `{"a":1,"n":5,"s":{"window_start":"${torn.summary.window_start}","ev`);

    const warnings: string[] = [];
    const reopened = await Journal.open(dir, { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('torn write');
    // An amendment is the last record, but the last window is still the last one appended.
    expect(reopened.lastWindowEnd).toBe(T0 + 3 * MINUTE_MS);
    await expectReaders(newest(records, [amended(records[0], 1)]));
    // The sequence goes on past the whole amendment, so new counts join the right record.
    await reopened.amend(torn, NOW);
    reopened.append(windowRecord(T0 + 3 * MINUTE_MS));
    reopened.close();
    await expectReaders(newest([...records, windowRecord(T0 + 3 * MINUTE_MS)], [amended(records[0], 1), torn]));
  });

  it('refuses a window never journaled (NOT_FOUND), one past the retention (BAD_REQUEST), and after close', async () => {
    const records = minuteRecords(T0, 3);
    const j = await Journal.open(dir, { warn: () => {} });
    await expect(j.amend(records[0], NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    j.appendAll([records[0], records[2]]);
    await expect(j.amend(amended(records[1], 1), NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Half a minute off a window's start is not that window.
    await expect(j.amend(windowRecord(T0 + 30_000), NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(j.amend(amended(records[0], 1), T0 + 31 * DAY_MS)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expectReaders([records[0], records[2]]);
    j.close();
    await expect(j.amend(amended(records[0], 1), NOW)).rejects.toMatchObject({ code: 'JOURNAL_CLOSED' });
  });

  it('leaves the files and every reader as they were when nothing is amended', async () => {
    const records = minuteRecords(T0, 50);
    const j = await Journal.open(dir, { warn: () => {} });
    j.appendAll(records);
    j.close();
    expect(readFileSync(join(dir, SUMMARIES), 'utf8')).not.toContain('"a":');
    await expectReaders(records);
    await expectReaders(records.slice(10, 20), { from: iso(T0 + 10 * MINUTE_MS), to: iso(T0 + 20 * MINUTE_MS) });
  });

  it('agrees with a model over random appends, amendments, compactions and ranges', async () => {
    type Op = { kind: 'append' } | { kind: 'amend'; pick: number } | { kind: 'compact' };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'append' }),
      fc.nat(1000).map<Op>((pick) => ({ kind: 'amend', pick })),
      fc.constant<Op>({ kind: 'compact' }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), fc.nat(30), fc.nat(30), async (ops, a, b) => {
        const sub = join(dir, `run${run++}`);
        const j = await Journal.open(sub, { warn: () => {} });
        const model = new Map<string, WindowRecord>();
        let windows = 0;
        let version = 0;
        try {
          for (const o of ops) {
            if (o.kind === 'append') {
              const r = windowRecord(T0 + windows++ * MINUTE_MS, windows % 4 === 0 ? { counts: [] } : {});
              j.append(r);
              model.set(r.summary.window_start, r);
            } else if (o.kind === 'amend' && windows > 0) {
              const r = amended(windowRecord(T0 + (o.pick % windows) * MINUTE_MS), ++version);
              await j.amend(r, NOW);
              model.set(r.summary.window_start, r);
            } else if (o.kind === 'compact') {
              await j.compact(NOW);
            }
          }
        } finally {
          j.close();
        }
        const all = [...model.values()].sort((x, y) => (x.summary.window_start < y.summary.window_start ? -1 : 1));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const range = { from: iso(T0 + lo * MINUTE_MS), to: iso(T0 + hi * MINUTE_MS) };
        const inRange = all.filter((r) => r.summary.window_start >= range.from && r.summary.window_start < range.to);
        expect(await collect(readRecords(sub))).toEqual(all);
        expect(await collect(readRecords(sub, range))).toEqual(inRange);
        expect(await countWindows(sub, range)).toBe(inRange.length);
        expect(await countWindows(sub)).toBe(all.length);
      }),
      { numRuns: 40 },
    );
  });
});

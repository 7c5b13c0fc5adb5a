import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportProgress, ExportRequest } from '../../../../src-shared/api';
import type { EventCount } from '../../../../src-shared/types';
import { OTHER_EVENT } from '../../../../src-shared/types';
import { exportCsv } from '../../../../src-main/engine/export/csv-export';
import { Journal } from '../../../../src-main/engine/journal/writer';
import { MINUTE_MS, minuteRecords, tempDir, windowRecord } from '../../../support/window-records';

const T0 = Date.UTC(2025, 10, 29, 12, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** DESIGN §4's columns, then count_error (data safety), then DESIGN §8's, in the order they were appended. */
const EVENT_COUNTS_COLUMNS = [
  'window_start',
  'event',
  'count',
  'count_error',
  'distinct_users',
  'distinct_users_exact',
  'value_count',
  'value_sum',
  'value_min',
  'value_max',
  'value_mean',
  'value_p50',
  'value_p90',
  'value_p99',
  'gauge_last',
];

const SUMMARIES_HEADER =
  'window_start,window_end,events,unique_events,unique_exact,distinct_users,events_per_sec,peak_rate,rejected,late,connections_peak,' +
  'top_event_1,top_event_1_count,top_event_2,top_event_2_count,top_event_3,top_event_3_count,top_event_4,top_event_4_count,top_event_5,top_event_5_count,' +
  // Appended by the data-safety round: a cut window, and whether top counts are exact.
  'partial,top_exact,distinct_users_exact';

const TRICKY_NAMES = [
  'a,b',
  'say "hi"',
  'two\nlines',
  'cr\r\nlf',
  'café ☕ 日本',
  '=SUM(A1:A9)',
  '+cmd',
  '-2+3',
  '@import',
  '\ttab',
  ' spaced ',
  "'quoted",
];

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await remove();
});

async function journalOf(records: ReturnType<typeof minuteRecords>): Promise<void> {
  const j = await Journal.open(dir, { warn: () => {} });
  j.appendAll(records);
  j.close();
}

/** Collects what is written, optionally slowly and with a small buffer, to exercise backpressure. */
class Collector extends Writable {
  text = '';
  maxBuffered = 0;
  constructor(private readonly slow = false) {
    super({ decodeStrings: false, highWaterMark: 16 * 1024 });
  }
  override _write(chunk: string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.text += chunk;
    if (this.slow) setImmediate(cb);
    else cb();
  }
}

/** Keeps each write's callback until release(), so the stream stays full and asks for 'drain'; after release it takes writes at once. */
class HeldWritable extends Writable {
  readonly writes: string[] = [];
  #held: (() => void)[] | null = [];
  constructor() {
    super({ decodeStrings: false, highWaterMark: 16 * 1024 });
  }
  override _write(chunk: string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.writes.push(chunk);
    if (this.#held) this.#held.push(() => cb());
    else cb();
  }
  release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const cb of held) cb();
  }
}

async function exportText(
  req: ExportRequest,
  onProgress?: (p: ExportProgress) => void,
): Promise<{ text: string; rows: number; bytes: number }> {
  const out = new Collector();
  const { rows, bytes } = await exportCsv(dir, req, out, onProgress);
  return { text: out.text, rows, bytes };
}

const parseCsv = (text: string): string[][] => parse(text, { record_delimiter: '\r\n' }) as string[][];

/** What a spreadsheet shows for a name we wrote: formula starts carry a leading quote. */
const shown = (name: string): string => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);

describe('exportCsv summaries.csv', () => {
  it('writes the DESIGN §4 header and one CRLF row per window with the summary numbers', async () => {
    const records = [
      windowRecord(T0, { counts: [{ event: 'a', count: 90 }] }),
      windowRecord(T0 + MINUTE_MS, {
        counts: [
          { event: 'a', count: 100 },
          { event: 'b', count: 0.5 },
        ],
      }),
    ];
    records[1].summary.unique_exact = false;
    await journalOf(records);
    const { text, rows, bytes } = await exportText({ what: 'summaries' });
    expect(text.startsWith(SUMMARIES_HEADER + '\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(rows).toBe(2);
    expect(bytes).toBe(Buffer.byteLength(text));
    const [header, first, second] = parseCsv(text);
    expect(header.join(',')).toBe(SUMMARIES_HEADER);
    const s = records[0].summary;
    expect(first).toEqual([
      '2025-11-29T12:00:00.000Z',
      '2025-11-29T12:01:00.000Z',
      '90',
      '1',
      'true',
      String(s.distinct_users),
      '1.5',
      '5',
      String(s.rejected),
      '0',
      '1',
      'a',
      '90',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'false',
      'true',
      'true',
    ]);
    expect(second.slice(2, 7)).toEqual(['100.5', '2', 'false', String(records[1].summary.distinct_users), '1.675']);
    expect(second.slice(11, 15)).toEqual(['a', '100', 'b', '0.5']);
    // No top_exact in the journal (written before it existed): it follows unique_exact.
    expect(second.slice(21)).toEqual(['false', 'false', 'true']);
  });

  it('reads back names with commas, quotes, newlines, non-ASCII and formula starts as written, neutralised', async () => {
    const counts: EventCount[] = TRICKY_NAMES.map((event, i) => ({ event, count: 100 - i }));
    const records = [0, 1, 2].map((k) =>
      windowRecord(T0 + k * MINUTE_MS, { counts: counts.slice(k * 4), top: counts.slice(k * 4, k * 4 + 5) }),
    );
    await journalOf(records);
    const rows = parseCsv((await exportText({ what: 'summaries' })).text).slice(1);
    expect(rows).toHaveLength(3);
    rows.forEach((row, k) => {
      const top = counts.slice(k * 4, k * 4 + 5);
      expect(row).toHaveLength(24);
      top.forEach((t, i) => {
        expect(row[11 + 2 * i]).toBe(shown(t.event));
        expect(row[12 + 2 * i]).toBe(String(t.count));
      });
    });
    expect(rows[1][13]).toBe("'=SUM(A1:A9)");
  });
});

describe('exportCsv event_counts.csv', () => {
  it('writes one row per stored event count, (other) included, tricky names read back neutralised', async () => {
    const counts: EventCount[] = [...TRICKY_NAMES.map((event, i) => ({ event, count: 50 - i })), { event: OTHER_EVENT, count: 7 }];
    const records = [windowRecord(T0, { counts }), windowRecord(T0 + MINUTE_MS, { counts: [] }), windowRecord(T0 + 2 * MINUTE_MS)];
    await journalOf(records);
    const { text, rows } = await exportText({ what: 'event_counts' });
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(EVENT_COUNTS_COLUMNS);
    // No users nor values came: 0 users (exact), the value columns empty.
    const nothingMore = ['0', 'true', '', '', '', '', '', '', '', '', ''];
    const expected = records.flatMap((r) =>
      r.event_counts.map((c) => [r.summary.window_start, shown(c.event), String(c.count), '0', ...nothingMore]),
    );
    expect(parsed.slice(1)).toEqual(expected);
    expect(rows).toBe(expected.length);
  });

  it('gives each estimated count its error, and leaves the (other) row of an estimated window without one', async () => {
    const counts: EventCount[] = [
      { event: 'hot', count: 900, error: 12 },
      { event: 'warm', count: 40, error: 39 },
      { event: OTHER_EVENT, count: 5 },
    ];
    await journalOf([windowRecord(T0, { counts })]);
    const parsed = parseCsv((await exportText({ what: 'event_counts' })).text);
    expect(parsed.slice(1).map((r) => r.slice(1, 4))).toEqual([
      ['hot', '900', '12'],
      ['warm', '40', '39'],
      [OTHER_EVENT, '5', ''],
    ]);
  });
});

describe('exportCsv options', () => {
  it('writes local times with the offset in force across both Berlin DST changes of 2025', async () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()).toBe(-60);
    const spring = minuteRecords(Date.UTC(2025, 2, 30, 0, 58), 4);
    const autumn = minuteRecords(Date.UTC(2025, 9, 26, 0, 58), 4);
    await journalOf([...spring, ...autumn]);
    const rows = parseCsv((await exportText({ what: 'summaries', tz: 'local' })).text).slice(1);
    expect(rows.map((r) => r[0])).toEqual([
      '2025-03-30T01:58:00.000+01:00',
      '2025-03-30T01:59:00.000+01:00',
      '2025-03-30T03:00:00.000+02:00',
      '2025-03-30T03:01:00.000+02:00',
      '2025-10-26T02:58:00.000+02:00',
      '2025-10-26T02:59:00.000+02:00',
      '2025-10-26T02:00:00.000+01:00',
      '2025-10-26T02:01:00.000+01:00',
    ]);
    expect(rows[1][1]).toBe('2025-03-30T03:00:00.000+02:00');
    const counts = parseCsv((await exportText({ what: 'event_counts', tz: 'local' })).text);
    expect(counts[1][0]).toBe('2025-03-30T01:58:00.000+01:00');
    const utc = parseCsv((await exportText({ what: 'summaries' })).text).slice(1);
    expect(utc.map((r) => r[0])).toEqual([...spring, ...autumn].map((r) => r.summary.window_start));
  });

  it('writes the times of a named zone the same wherever it runs (tz=America/New_York on a Berlin machine)', async () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    await journalOf(minuteRecords(Date.UTC(2025, 10, 2, 5, 59), 2)); // New York falls back at 06:00 UTC
    const rows = parseCsv((await exportText({ what: 'summaries', tz: 'America/New_York' })).text).slice(1);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['2025-11-02T01:59:00.000-04:00', '2025-11-02T01:00:00.000-05:00'],
      ['2025-11-02T01:00:00.000-05:00', '2025-11-02T01:01:00.000-05:00'],
    ]);
  });

  it('exports only windows starting in [from, to)', async () => {
    const records = minuteRecords(T0, 10);
    await journalOf(records);
    const range = { from: iso(T0 + 2 * MINUTE_MS + 1), to: iso(T0 + 6 * MINUTE_MS) };
    const rows = parseCsv((await exportText({ what: 'summaries', ...range })).text).slice(1);
    expect(rows.map((r) => r[0])).toEqual(records.slice(3, 6).map((r) => r.summary.window_start));
    const counts = parseCsv((await exportText({ what: 'event_counts', ...range })).text).slice(1);
    expect(new Set(counts.map((r) => r[0]))).toEqual(new Set(records.slice(3, 6).map((r) => r.summary.window_start)));
  });

  it('reports progress at most every 100 windows and once at the end with done', async () => {
    await journalOf(minuteRecords(T0, 250));
    const progress: ExportProgress[] = [];
    await exportText({ what: 'event_counts' }, (p) => progress.push(p));
    expect(progress).toEqual([
      { what: 'event_counts', windows_done: 100, windows_total: 250, done: false },
      { what: 'event_counts', windows_done: 200, windows_total: 250, done: false },
      { what: 'event_counts', windows_done: 250, windows_total: 250, done: true },
    ]);
  });

  it('writes just the header, and reports done, for an empty journal', async () => {
    const progress: ExportProgress[] = [];
    const { text, rows } = await exportText({ what: 'summaries' }, (p) => progress.push(p));
    expect(text).toBe(SUMMARIES_HEADER + '\r\n');
    expect(rows).toBe(0);
    expect(progress).toEqual([{ what: 'summaries', windows_done: 0, windows_total: 0, done: true }]);
  });
});

describe('exportCsv streaming', () => {
  it('waits for drain: a slow destination never buffers much more than one chunk', async () => {
    const records = minuteRecords(T0, 20_000);
    await journalOf(records);
    const out = new Collector(true);
    const { rows, bytes } = await exportCsv(dir, { what: 'summaries' }, out);
    expect(rows).toBe(20_000);
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(out.text.length).toBe(bytes);
    expect(out.maxBuffered).toBeLessThan(256 * 1024);
  });

  it('fails with EXPORT_FAILED when the destination errors, and leaves no stray error', async () => {
    await journalOf(minuteRecords(T0, 5_000));
    const out = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) {
        cb(new Error('disk full'));
      },
    });
    await expect(exportCsv(dir, { what: 'summaries' }, out)).rejects.toMatchObject({ code: 'EXPORT_FAILED' });
  });

  it('writes to a real file that a CSV parser reads back whole', async () => {
    await journalOf(minuteRecords(T0, 1_000));
    const file = join(dir, 'summaries.csv');
    const out = createWriteStream(file);
    const { rows } = await exportCsv(dir, { what: 'summaries' }, out);
    out.end();
    await finished(out);
    expect(rows).toBe(1_000);
    expect(parseCsv(readFileSync(file, 'utf8'))).toHaveLength(1_001);
  });

  it('streams: a destination that takes nothing until told holds the export after one bounded write, and it goes on once drained', async () => {
    // What a year-long export needs to stay small in memory, pinned without measuring memory (the
    // heap figure is in the benchmark): the rows go out in many bounded writes as they are read, and
    // the export waits on the destination instead of reading ahead.
    const WINDOWS = 20_000;
    await journalOf(minuteRecords(T0, WINDOWS));
    const out = new HeldWritable();
    const progress: ExportProgress[] = [];
    let settled = false;
    const exporting = exportCsv(dir, { what: 'summaries' }, out, (p) => progress.push(p)).finally(() => (settled = true));

    // Wait until the export either ends or parks on 'drain'; only the second is right.
    while (!settled && out.listenerCount('drain') === 0) await new Promise((r) => setImmediate(r));
    expect(settled, 'the export finished without waiting for the destination').toBe(false);
    expect(out.writes).toHaveLength(1);
    expect(out.writes[0].length).toBeLessThan(70 * 1024); // one flush: 64 Ki characters and the row that crossed it
    expect(progress.at(-1)?.windows_done ?? 0).toBeLessThan(1_000); // it stopped reading, too

    out.release();
    const { rows, bytes } = await exporting;
    expect(rows).toBe(WINDOWS);
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(out.writes.join('')).toHaveLength(bytes); // ASCII rows: characters are bytes
    // Many bounded writes, not one big one at the end.
    expect(out.writes.length).toBeGreaterThan(bytes / (70 * 1024));
    expect(Math.max(...out.writes.map((w) => w.length))).toBeLessThan(70 * 1024);
    expect(progress.at(-1)).toEqual({ what: 'summaries', windows_done: WINDOWS, windows_total: WINDOWS, done: true });
  });
});

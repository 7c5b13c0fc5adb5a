// One event over a window (DESIGN §8): its users, values, gauge level and tags, as lines of every
// format give them, in the rows a closed window writes; names the window does not keep fold into
// `(other)` with what they had.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src-shared/settings';
import { OTHER_EVENT, type EventRow, type WindowRecord } from '../../../../src-shared/types';
import { LineParser } from '../../../../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../../../../src-main/engine/parse/parsed-event';
import { Aggregator } from '../../../../src-main/engine/window/aggregator';

const T0 = Date.UTC(2025, 10, 29, 12, 3);
const M = 60_000;

/** Feeds lines (each as its own parse, values of multi-value lines included) to a fresh aggregator, all at T0. */
function windowOf(
  lines: string[],
  settings: Partial<Settings> = {},
  agg = new Aggregator({ ...DEFAULT_SETTINGS, ...settings }, T0),
  at = T0,
) {
  const parser = new LineParser();
  const out = newParsedEvent();
  for (const text of lines) {
    const buf = Buffer.from(text);
    expect(parser.parse(buf, 0, buf.length, out), text).toBeNull();
    agg.record(out, at);
    while (parser.hasMore) {
      expect(parser.parseMore(buf, out)).toBeNull();
      agg.record(out, at);
    }
  }
  return agg;
}

function rows(record: WindowRecord): Record<string, EventRow> {
  return Object.fromEntries(record.event_counts.map((r) => [r.event, r]));
}

describe('per-event details in a closed window', () => {
  it('values: count, sum, min, max, mean and quantiles, from JSON values and StatsD timers (sampled ones weighted)', () => {
    const agg = windowOf(['{"event":"pay","value":10}', '{"event":"pay","value":30}', 'lat:100|ms', 'lat:200|ms|@0.5', 'plain-one']);
    const r = rows(agg.flush(T0 + M)[0]!);
    expect(r.pay!.values).toMatchObject({ count: 2, sum: 40, min: 10, max: 30, mean: 20 });
    expect(r.lat!.count).toBe(3);
    expect(r.lat!.values).toMatchObject({ count: 3, sum: 500, min: 100, max: 200 });
    expect(r.lat!.values!.p90).toBeCloseTo(200, -1);
    expect(r['plain-one']).toEqual({ event: 'plain-one', count: 1 });
  });

  it('a counter: |step|/rate occurrences, and the signed steps sum to the counter StatsD reports', () => {
    const r = rows(windowOf(['hits:5|c', 'hits:-2|c', 'hits:1|c|@0.5']).flush(T0 + M)[0]!);
    expect(r.hits!.count).toBe(9);
    expect(r.hits!.values).toMatchObject({ count: 3, sum: 5 });
  });

  it('gauges: a level, +N and -N deltas moving it, and a delta in a later window moving the level the last one ended at', () => {
    const agg = windowOf(['queue:10|g', 'queue:+5|g', 'queue:-3|g', 'temp:-4|g']);
    const first = rows(agg.flush(T0 + M)[0]!);
    expect(first.queue!.gauge_last).toBe(12);
    expect(first.queue!.values).toMatchObject({ min: 10, max: 15 });
    // No level before a delta: StatsD starts a gauge at 0.
    expect(first.temp!.gauge_last).toBe(-4);
    windowOf(['queue:+1|g'], {}, agg, T0 + M + 1000);
    expect(rows(agg.flush(T0 + 2 * M)[0]!).queue!.gauge_last).toBe(13);
  });

  it('users per event: exact to 128 then estimated and flagged; JSON users and StatsD set members alike', () => {
    const many = Array.from({ length: 500 }, (_, i) => `{"event":"login","user":"u${i}"}`);
    const r = rows(windowOf([...many, '{"event":"signup","user":"a"}', 'signup:b|s', 'signup:a|s']).flush(T0 + M)[0]!);
    expect(r.signup).toMatchObject({ distinct_users: 2, distinct_users_exact: true });
    expect(r.login!.distinct_users_exact).toBe(false);
    expect(Math.abs(r.login!.distinct_users! - 500) / 500).toBeLessThan(0.05);
  });

  it('tags from JSON and StatsD, weighted by the line count, escapes decoded', () => {
    const r = rows(
      windowOf([
        '{"event":"req","tags":{"plan":"pro","region":"eu"}}',
        '{"event":"req","tags":{"plan":"pro","region":"u\\u0073"}}',
        'req:2|c|#plan:free,region:eu',
        'req:1|c|#flag',
      ]).flush(T0 + M)[0]!,
    );
    expect(r.req!.tags).toEqual([
      {
        key: 'plan',
        // Ties by value ascending.
        values: [
          { value: 'free', count: 2 },
          { value: 'pro', count: 2 },
        ],
      },
      {
        key: 'region',
        values: [
          { value: 'eu', count: 3 },
          { value: 'us', count: 1 },
        ],
      },
      { key: 'flag', values: [{ value: '', count: 1 }] },
    ]);
  });

  it('names beyond the kept top N fold into (other) with their values, users and tags', () => {
    const lines = [
      '{"event":"a","value":1,"user":"x"}',
      '{"event":"a","value":1}',
      '{"event":"b","value":7,"user":"y","tags":{"k":"v"}}',
      'c:9|ms',
    ];
    const r = rows(windowOf(lines, { top_n: 1 }).flush(T0 + M)[0]!);
    expect(Object.keys(r)).toEqual(['a', OTHER_EVENT]);
    expect(r[OTHER_EVENT]).toMatchObject({
      count: 2,
      distinct_users: 1,
      values: { count: 2, sum: 16, min: 7, max: 9 },
      tags: [{ key: 'k', values: [{ value: 'v', count: 1 }] }],
    });
  });

  it('names evicted from a full table (Space-Saving) hand what they had to (other): no value is lost', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"event":"e${i}","value":1}`);
    const record = windowOf(lines).flush(T0 + M)[0]!;
    const total = record.event_counts.reduce((n, row) => n + (row.values?.count ?? 0), 0);
    expect(total).toBe(30_000);
    expect(record.event_counts.at(-1)!.event).toBe(OTHER_EVENT);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../../src-main/engine/window/aggregator';
import { hashLo } from '../../../../src-main/engine/sketch/hash';
import { LineParser } from '../../../../src-main/engine/parse/line-parser';
import { newParsedEvent, type ParsedEvent } from '../../../../src-main/engine/parse/parsed-event';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src-shared/settings';
import { OTHER_EVENT, type WindowRecord } from '../../../../src-shared/types';

// Every time is injected: T0 is 12:03:00.000 UTC, on a minute boundary.
const T0 = Date.parse('2025-11-29T12:03:00.000Z');
const S = 1000;
const M = 60 * S;
const iso = (ms: number) => new Date(ms).toISOString();

function settings(patch: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

function ev(name: string, opts: { count?: number; ts?: number; user?: string } = {}): ParsedEvent {
  const e = newParsedEvent();
  e.nameBuf = Buffer.from(name);
  e.nameStart = 0;
  e.nameEnd = e.nameBuf.length;
  e.count = opts.count ?? 1;
  e.ts = opts.ts ?? NaN;
  if (opts.user !== undefined) {
    e.userBuf = Buffer.from(opts.user);
    e.userStart = 0;
    e.userEnd = e.userBuf.length;
  }
  return e;
}

const parser = new LineParser();
function line(text: string): ParsedEvent {
  const buf = Buffer.from(text);
  const out = newParsedEvent();
  expect(parser.parse(buf, 0, buf.length, out), text).toBeNull();
  return out;
}

function zeros(start: number, size: number, connections = 0): WindowRecord {
  return {
    summary: {
      window_start: iso(start),
      window_end: iso(start + size),
      events: 0,
      unique_events: 0,
      unique_exact: true,
      distinct_users: 0,
      distinct_users_exact: true,
      bytes: 0,
      rejected: 0,
      late: 0,
      peak_rate: 0,
      connections_peak: connections,
      top_events: [],
      top_exact: true,
    },
    event_counts: [],
  };
}

describe('window alignment', () => {
  it('starts a 60 s aggregator begun mid-window at 12:03:00.000 and closes it at 12:04:00.000', () => {
    const agg = new Aggregator(settings(), T0 + 27_500);
    agg.record(ev('a'), T0 + 27_500);
    expect(agg.flush(T0 + M - 1)).toEqual([]);
    const [r, ...rest] = agg.flush(T0 + M);
    expect(rest).toEqual([]);
    expect(r.summary.window_start).toBe('2025-11-29T12:03:00.000Z');
    expect(r.summary.window_end).toBe('2025-11-29T12:04:00.000Z');
    expect(r.summary.events).toBe(1);
  });

  it('aligns 1 s windows to whole seconds', () => {
    const agg = new Aggregator(settings({ window_seconds: 1 }), T0 + 500);
    agg.record(ev('a'), T0 + 999);
    const records = agg.flush(T0 + S);
    expect(records.map((r) => [r.summary.window_start, r.summary.window_end, r.summary.events])).toEqual([[iso(T0), iso(T0 + S), 1]]);
  });

  it('aligns 3600 s windows to whole UTC hours', () => {
    const agg = new Aggregator(settings({ window_seconds: 3600 }), T0);
    agg.record(ev('a'), T0);
    const hour = Date.parse('2025-11-29T12:00:00.000Z');
    expect(agg.flush(hour + 3600 * S - 1)).toEqual([]);
    const [r] = agg.flush(hour + 3600 * S);
    expect(r.summary.window_start).toBe('2025-11-29T12:00:00.000Z');
    expect(r.summary.window_end).toBe('2025-11-29T13:00:00.000Z');
  });
});

describe('closing windows', () => {
  it('emits every window of a long gap with zeros, oldest first, none skipped', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0 + S);
    const records = agg.flush(T0 + 10 * M + 5);
    expect(records).toHaveLength(10);
    expect(records[0].summary.events).toBe(1);
    for (let i = 1; i < 10; i++) expect(records[i]).toEqual(zeros(T0 + i * M, M));
    expect(agg.flush(T0 + 10 * M + 5)).toEqual([]);
  });

  it('runs 10,000 consecutive 1 s windows with exact spacing, no drift and exact totals', () => {
    const agg = new Aggregator(settings({ window_seconds: 1 }), T0 + 123);
    const records: WindowRecord[] = [];
    let expected = 0;
    for (let i = 0; i < 10_000; i++) {
      const count = (i % 3) + 1;
      agg.record(ev(`e${i % 7}`, { count }), T0 + i * S + 500);
      expected += count;
      // Flush at irregular moments, as a noisy timer would.
      if (i % 37 === 0) records.push(...agg.flush(T0 + i * S + 777));
    }
    records.push(...agg.flush(T0 + 10_000 * S));
    expect(records).toHaveLength(10_000);
    let total = 0;
    for (let i = 0; i < records.length; i++) {
      const s = records[i].summary;
      expect(Date.parse(s.window_start)).toBe(T0 + i * S);
      if (i > 0) expect(Date.parse(s.window_start) - Date.parse(records[i - 1].summary.window_start)).toBe(S);
      expect(Date.parse(s.window_end) - Date.parse(s.window_start)).toBe(S);
      expect(s.events).toBe((i % 3) + 1);
      expect(s.unique_events).toBe(1);
      total += s.events;
    }
    expect(total).toBe(expected);
  });

  it('runs 10,000 consecutive 60 s windows (a week) without drift', () => {
    const agg = new Aggregator(settings(), T0);
    const records: WindowRecord[] = [];
    for (let i = 1; i <= 10_000; i++) records.push(...agg.flush(T0 + i * M + (i % 11) * 97));
    expect(records).toHaveLength(10_000);
    expect(records[9_999].summary.window_start).toBe(iso(T0 + 9_999 * M));
    expect(records.every((r, i) => r.summary.window_start === iso(T0 + i * M))).toBe(true);
  });

  it('never puts an event into a window that has been emitted when the clock steps back', () => {
    const agg = new Aggregator(settings(), T0);
    agg.flush(T0 + M);
    agg.record(ev('a'), T0 + 30 * S);
    const [r] = agg.flush(T0 + 2 * M);
    expect(r.summary.window_start).toBe(iso(T0 + M));
    expect(r.summary.events).toBe(1);
  });
});

describe('event-time mode', () => {
  const eventTime = settings({ event_time: true, lateness_ms: 5000 });

  it('counts an event whose ts falls in an earlier, still-open window in that window', () => {
    const agg = new Aggregator(eventTime, T0);
    agg.record(ev('a'), T0 + 10 * S);
    agg.record(ev('b', { ts: T0 + 30 * S }), T0 + M + 2 * S);
    expect(agg.flush(T0 + M + 5 * S - 1)).toEqual([]);
    const [first] = agg.flush(T0 + M + 5 * S);
    expect(first.summary.events).toBe(2);
    expect(first.summary.top_events).toEqual([
      { event: 'a', count: 1 },
      { event: 'b', count: 1 },
    ]);
    const [second] = agg.flush(T0 + 2 * M + 5 * S);
    expect(second.summary).toMatchObject({ window_start: iso(T0 + M), events: 0, late: 0 });
  });

  it('counts an event after end + lateness as late in its arrival window and drops it otherwise', () => {
    const agg = new Aggregator(eventTime, T0);
    agg.record(ev('a'), T0 + 10 * S);
    // Due at T0 + 65 s even though no flush has run yet.
    agg.record(ev('b', { ts: T0 + 30 * S }), T0 + M + 5 * S);
    const [first] = agg.flush(T0 + M + 5 * S);
    expect(first.summary).toMatchObject({ events: 1, late: 0, unique_events: 1 });
    // And once flushed, too.
    agg.record(ev('c', { ts: T0 + 59 * S }), T0 + M + 6 * S);
    const [second] = agg.flush(T0 + 2 * M + 5 * S);
    expect(second.summary).toMatchObject({ window_start: iso(T0 + M), events: 0, late: 2, unique_events: 0 });
    expect(second.event_counts).toEqual([]);
    // Late events are dropped from the rates too: only "a" remains in the last minute.
    expect(agg.rates(T0 + M + 6 * S, 60).counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('counts an event with a ts before the first window as late', () => {
    const agg = new Aggregator(eventTime, T0 + 30 * S);
    agg.record(ev('old', { ts: T0 - 1 }), T0 + 30 * S);
    agg.record(ev('ancient', { ts: -Infinity }), T0 + 30 * S);
    const [r] = agg.flush(T0 + M + 5 * S);
    expect(r.summary).toMatchObject({ events: 0, late: 2 });
  });

  it('puts events without ts in the window of their arrival', () => {
    const agg = new Aggregator(eventTime, T0);
    agg.record(ev('n'), T0 + M + S);
    const records = agg.flush(T0 + 2 * M + 5 * S);
    expect(records.map((r) => r.summary.events)).toEqual([0, 1]);
  });

  it('places a ts ahead of now in the window of its ts (the ingest refuses ts beyond the future tolerance first)', () => {
    const agg = new Aggregator(eventTime, T0);
    const now = T0 + 10 * S;
    agg.record(ev('now'), now);
    agg.record(ev('ahead', { ts: now + M }), now);
    const records = agg.flush(T0 + 2 * M + 5 * S);
    expect(records.map((r) => r.summary.top_events)).toEqual([[{ event: 'now', count: 1 }], [{ event: 'ahead', count: 1 }]]);
  });

  it('keeps several windows open at once and closes each at its own end + lateness', () => {
    const agg = new Aggregator(settings({ event_time: true, lateness_ms: 150_000 }), T0);
    agg.record(ev('x', { ts: T0 + S }), T0 + 2 * M + 10 * S);
    agg.record(ev('y', { ts: T0 + M + S }), T0 + 2 * M + 10 * S);
    agg.record(ev('z'), T0 + 2 * M + 10 * S);
    expect(agg.flush(T0 + M + 150 * S).map((r) => r.summary.events)).toEqual([1]);
    expect(agg.flush(T0 + 3 * M + 150 * S).map((r) => r.summary.events)).toEqual([1, 1]);
  });

  it('ignores ts in arrival mode', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a', { ts: T0 + 10 * S }), T0 + M + S);
    expect(agg.flush(T0 + 2 * M).map((r) => r.summary.events)).toEqual([0, 1]);
  });
});

describe('window counters', () => {
  it('reports peak_rate as the most events in one second of the window', () => {
    const agg = new Aggregator(settings(), T0);
    for (const ms of [5_000, 5_100, 5_999]) agg.record(ev('a'), T0 + ms);
    agg.record(ev('a', { count: 2.5 }), T0 + 6_000);
    agg.record(ev('b'), T0 + 59_999);
    agg.record(ev('b'), T0 + 59_999);
    const [r] = agg.flush(T0 + M);
    expect(r.summary.peak_rate).toBe(3);
    expect(r.summary.events).toBe(7.5);
  });

  it('reports connections_peak as the most open during the window, starting from those open at its start', () => {
    const agg = new Aggregator(settings(), T0);
    agg.setConnections(3, T0 + S);
    agg.setConnections(5, T0 + 2 * S);
    agg.setConnections(1, T0 + 3 * S);
    agg.setConnections(0, T0 + 2 * M + 500);
    const records = agg.flush(T0 + 4 * M);
    expect(records.map((r) => r.summary.connections_peak)).toEqual([5, 1, 1, 0]);
    expect(agg.current(T0 + 4 * M).counters.connections_peak).toBe(0);
    agg.setConnections(2, T0 + 4 * M + 1);
    expect(agg.current(T0 + 4 * M + 2).counters.connections_peak).toBe(2);
  });

  it('counts bytes and rejected lines in the window of their arrival', () => {
    const agg = new Aggregator(settings(), T0);
    agg.addBytes(10, T0 + S);
    agg.addBytes(20, T0 + 2 * S);
    agg.reject('invalid_json', T0 + 3 * S);
    agg.reject('line_too_long', T0 + 4 * S);
    agg.reject('invalid_json', T0 + M);
    agg.addBytes(7, T0 + M + S);
    const records = agg.flush(T0 + 2 * M);
    expect(records.map((r) => [r.summary.bytes, r.summary.rejected])).toEqual([
      [30, 2],
      [7, 1],
    ]);
  });

  it('counts JSON users and StatsD set values together in distinct_users', () => {
    const agg = new Aggregator(settings(), T0);
    for (const text of [
      '{"event":"login","user":"u1"}',
      '{"event":"login","user":"u2"}',
      '{"event":"login","user":"u1"}',
      'visitors:u1|s',
      'visitors:u3|s',
      'page',
    ]) {
      agg.record(line(text), T0 + S);
    }
    const [r] = agg.flush(T0 + M);
    expect(r.summary).toMatchObject({ events: 6, unique_events: 3, distinct_users: 3, distinct_users_exact: true });
  });

  it('adds fractional StatsD counts (value / sample rate)', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(line('a:3|c|@0.5'), T0 + S);
    agg.record(line('a:1|c|@0.3'), T0 + S);
    agg.record(line('b:2.5|c'), T0 + S);
    agg.record(line('t:320|ms'), T0 + S);
    const [r] = agg.flush(T0 + M);
    expect(r.summary.events).toBeCloseTo(6 + 1 / 0.3 + 2.5 + 1, 9);
    expect(r.summary.top_events[0].event).toBe('a');
    expect(r.summary.top_events[0].count).toBeCloseTo(6 + 1 / 0.3, 9);
  });

  it('starts each window from zero although its counters are reused', () => {
    const agg = new Aggregator(settings({ window_seconds: 1 }), T0);
    agg.record(ev('a', { user: 'u1' }), T0);
    agg.record(ev('b', { user: 'u2' }), T0 + S);
    const records = agg.flush(T0 + 2 * S);
    expect(records.map((r) => [r.summary.top_events, r.summary.distinct_users])).toEqual([
      [[{ event: 'a', count: 1 }], 1],
      [[{ event: 'b', count: 1 }], 1],
    ]);
  });

  it('leaves the window untouched when an event count is refused', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0);
    expect(() => agg.record(ev('a', { count: -1 }), T0)).toThrow(RangeError);
    expect(agg.current(T0).counters.events).toBe(1);
  });
});

describe('event_counts', () => {
  it('lists the top_n events and an (other) row so that the rows sum to events', () => {
    const agg = new Aggregator(settings({ top_n: 3 }), T0);
    for (let n = 1; n <= 5; n++) agg.record(ev(`e${n}`, { count: n }), T0 + S);
    const [r] = agg.flush(T0 + M);
    expect(r.event_counts).toEqual([
      { event: 'e5', count: 5 },
      { event: 'e4', count: 4 },
      { event: 'e3', count: 3 },
      { event: OTHER_EVENT, count: 3 },
    ]);
    expect(r.summary.top_events).toHaveLength(5);
  });

  it('has no (other) row when top_n covers every name', () => {
    const agg = new Aggregator(settings({ top_n: 2 }), T0);
    agg.record(ev('a', { count: 2 }), T0);
    agg.record(ev('b'), T0);
    const [r] = agg.flush(T0 + M);
    expect(r.event_counts).toEqual([
      { event: 'a', count: 2 },
      { event: 'b', count: 1 },
    ]);
  });

  it('keeps 10 events in top_events, largest first, whatever top_n is', () => {
    const agg = new Aggregator(settings({ top_n: 1 }), T0);
    for (let n = 1; n <= 12; n++) agg.record(ev(`n${String(n).padStart(2, '0')}`, { count: n }), T0);
    const [r] = agg.flush(T0 + M);
    expect(r.summary.top_events.map((e) => e.count)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(r.event_counts).toEqual([
      { event: 'n12', count: 12 },
      { event: OTHER_EVENT, count: 66 },
    ]);
  });

  it('sums to events exactly for any mix of names, counts and top_n (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 1000 })), { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (adds, topN) => {
          const agg = new Aggregator(settings({ top_n: topN }), T0);
          for (const [name, count] of adds) agg.record(ev(`k${name}`, { count }), T0);
          const [r] = agg.flush(T0 + M);
          expect(r.event_counts.reduce((sum, row) => sum + row.count, 0)).toBe(r.summary.events);
          expect(r.event_counts.length).toBeLessThanOrEqual(topN + 1);
          const others = r.event_counts.filter((row) => row.event === OTHER_EVENT);
          expect(others.length).toBe(r.summary.unique_events > topN ? 1 : 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('flushAll and applySettings', () => {
  it('flushAll closes every open window and marks those not yet due partial', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0 + S);
    agg.record(ev('b'), T0 + M + S);
    const records = agg.flushAll(T0 + M + 2 * S);
    expect(records.map((r) => [r.summary.window_start, r.summary.events, r.summary.partial])).toEqual([
      [iso(T0), 1, undefined],
      [iso(T0 + M), 1, true],
    ]);
  });

  it('flushAll in event-time mode marks a window past its end but within lateness partial', () => {
    const agg = new Aggregator(settings({ event_time: true, lateness_ms: 5000 }), T0);
    agg.record(ev('a'), T0 + S);
    const records = agg.flushAll(T0 + M + S);
    expect(records.map((r) => [r.summary.events, r.summary.partial])).toEqual([
      [1, true],
      [0, true],
    ]);
  });

  it('flushAll closes a window opened by a ts ahead of now, too', () => {
    const agg = new Aggregator(settings({ event_time: true }), T0);
    agg.record(ev('soon', { ts: T0 + M + S }), T0 + 30 * S);
    const records = agg.flushAll(T0 + 30 * S);
    expect(records.map((r) => [r.summary.window_start, r.summary.events, r.summary.partial])).toEqual([
      [iso(T0), 0, true],
      [iso(T0 + M), 1, true],
    ]);
  });

  it('flushAll cuts the window of now at now, and the next window runs from the cut: later events are not lost, nothing overlaps', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0 + S);
    const [cut] = agg.flushAll(T0 + 2 * S);
    expect(cut.summary).toMatchObject({ window_start: iso(T0), window_end: iso(T0 + 2 * S), events: 1, partial: true });
    agg.record(ev('b'), T0 + 3 * S);
    const [r] = agg.flush(T0 + M);
    expect(r.summary).toMatchObject({
      window_start: iso(T0 + 2 * S),
      window_end: iso(T0 + M),
      events: 1,
      top_events: [{ event: 'b', count: 1 }],
    });
    expect(r.summary.partial).toBeUndefined();
  });

  it('a window size change cuts the open window at the change (partial, its real end), then runs to the next boundary of the new size', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0 + S);
    const closed = agg.applySettings(settings({ window_seconds: 10 }), T0 + 25 * S);
    expect(closed.map((r) => [r.summary.window_start, r.summary.window_end, r.summary.events, r.summary.partial])).toEqual([
      [iso(T0), iso(T0 + 25 * S), 1, true],
    ]);
    agg.record(ev('b'), T0 + 25 * S);
    const records = agg.flush(T0 + 40 * S);
    expect(records.map((r) => [r.summary.window_start, r.summary.window_end, r.summary.events])).toEqual([
      [iso(T0 + 25 * S), iso(T0 + 30 * S), 1],
      [iso(T0 + 30 * S), iso(T0 + 40 * S), 0],
    ]);
  });

  it('changes of size back and forth (60 → 5 → 1 → 60 s) leave windows in strict time order, none overlapping, every event once', () => {
    const agg = new Aggregator(settings(), T0);
    const out: WindowRecord[] = [];
    let t = T0;
    for (const [size, at] of [
      [5, 21_300],
      [1, 33_700],
      [60, 47_050],
      [5, 90_000],
    ] as const) {
      for (; t < T0 + at; t += 97) agg.record(ev(`e${t % 7}`), t);
      out.push(...agg.flush(T0 + at), ...agg.applySettings(settings({ window_seconds: size }), T0 + at));
    }
    for (; t < T0 + 200_000; t += 97) agg.record(ev('x'), t);
    out.push(...agg.flush(T0 + 400_000));
    for (let i = 1; i < out.length; i++) expect(out[i].summary.window_start).toBe(out[i - 1].summary.window_end);
    expect(out.reduce((n, r) => n + r.summary.events, 0)).toBe(Math.ceil(200_000 / 97));
  });

  it('switching event-time mode cuts the open windows too: a ts before the cut is late', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a'), T0 + S);
    const closed = agg.applySettings(settings({ event_time: true }), T0 + 2 * S);
    expect(closed.map((r) => [r.summary.window_end, r.summary.partial])).toEqual([[iso(T0 + 2 * S), true]]);
    agg.record(ev('b', { ts: T0 + S }), T0 + 3 * S);
    agg.record(ev('c', { ts: T0 + 3 * S }), T0 + 3 * S);
    expect(agg.flush(T0 + M + 5 * S)[0].summary).toMatchObject({ window_start: iso(T0 + 2 * S), events: 1, late: 1 });
  });

  it('starts at the end of the window a journal holds when that is later than the window of now (a restart), never overlapping it', () => {
    const agg = new Aggregator(settings(), T0 + 10 * S, T0 + 7 * S);
    agg.record(ev('a'), T0 + 10 * S);
    expect(agg.flush(T0 + M).map((r) => [r.summary.window_start, r.summary.window_end, r.summary.events])).toEqual([
      [iso(T0 + 7 * S), iso(T0 + M), 1],
    ]);
  });

  it('other changes close nothing and shape the records of windows closed afterwards', () => {
    const agg = new Aggregator(settings({ top_n: 5 }), T0);
    for (const name of ['a', 'b', 'c']) agg.record(ev(name), T0 + S);
    expect(agg.applySettings(settings({ top_n: 1, max_connections: 7 }), T0 + 2 * S)).toEqual([]);
    const [r] = agg.flush(T0 + M);
    expect(r.summary.partial).toBeUndefined();
    expect(r.event_counts).toEqual([
      { event: 'a', count: 1 },
      { event: OTHER_EVENT, count: 2 },
    ]);
  });
});

describe('current and rates', () => {
  it('current() shows the window of now so far, with its top events', () => {
    const agg = new Aggregator(settings(), T0);
    agg.record(ev('a', { count: 2 }), T0 + S);
    agg.record(ev('b'), T0 + S);
    agg.addBytes(12, T0 + S);
    const { counters, top } = agg.current(T0 + 2 * S, 1);
    expect(counters).toMatchObject({ window_start: iso(T0), window_end: iso(T0 + M), events: 3, bytes: 12, unique_events: 2 });
    expect(top).toEqual([{ event: 'a', count: 2 }]);
    const { top_events: _none, top_exact: _exact, ...empty } = zeros(T0 + M, M).summary;
    expect(agg.current(T0 + M + S)).toEqual({ counters: empty, top: [] });
  });

  it('rates() gives per-second arrival counts of the last 300 s, across windows and past the ring', () => {
    const agg = new Aggregator(settings({ window_seconds: 1 }), T0);
    for (let s = 0; s < 400; s++) {
      for (let k = 0; k < s % 4; k++) agg.record(ev('a'), T0 + s * S + k);
      agg.flush(T0 + s * S + 999);
    }
    const { start, counts } = agg.rates(T0 + 399 * S + 999);
    expect(start).toBe(T0 + 100 * S);
    expect(counts).toEqual(Array.from({ length: 300 }, (_, i) => (100 + i) % 4));
    expect(agg.rates(T0 + 399 * S, 3)).toEqual({ start: T0 + 397 * S, counts: [1, 2, 3] });
  });
});

describe('batches (the lines of one chunk)', () => {
  const event = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'é'),
    count: fc.constantFrom(1, 1, 2, 0.5, 0),
    ts: fc.option(fc.integer({ min: -2 * M, max: 2 * M }), { nil: undefined }),
    user: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }),
  });
  // Arrival times only move forward, except for an occasional step back of the clock.
  const batch = fc.record({
    step: fc.integer({ min: -2 * S, max: 20 * S }),
    events: fc.array(event, { maxLength: 8 }),
    flush: fc.boolean(),
  });

  for (const eventTime of [false, true]) {
    it(`give the same records, current window and rates as record() per event (event_time ${eventTime})`, () => {
      fc.assert(
        fc.property(fc.array(batch, { maxLength: 30 }), (batches) => {
          const s = settings({ window_seconds: 10, event_time: eventTime, lateness_ms: 3 * S });
          const batched = new Aggregator(s, T0);
          const single = new Aggregator(s, T0);
          let now = T0;
          for (const b of batches) {
            now += b.step;
            batched.beginBatch(now);
            for (const e of b.events) {
              const opts = { count: e.count, ts: e.ts === undefined ? undefined : now + e.ts, user: e.user };
              const e1 = ev(e.name, opts);
              batched.recordInBatch(e1, hashLo(e1.nameBuf, e1.nameStart, e1.nameEnd));
              single.record(ev(e.name, opts), now);
            }
            batched.endBatch();
            if (b.flush) expect(batched.flush(now)).toEqual(single.flush(now));
            expect(batched.current(now)).toEqual(single.current(now));
            expect(batched.rates(now, 60)).toEqual(single.rates(now, 60));
          }
          expect(batched.flushAll(now + M)).toEqual(single.flushAll(now + M));
        }),
        { numRuns: 200 },
      );
    });
  }
});

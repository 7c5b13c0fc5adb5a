import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../../src-main/engine/window/aggregator';
import { Connection } from '../../../../src-main/engine/ingest/connection';
import { Ingest } from '../../../../src-main/engine/ingest/line-ingest';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';

const T0 = Date.parse('2025-11-29T12:03:00.000Z');

function setup(): { ingest: Ingest; aggregator: Aggregator; conn: Connection; now: { t: number } } {
  const now = { t: T0 };
  const aggregator = new Aggregator(DEFAULT_SETTINGS, T0);
  const ingest = new Ingest(aggregator);
  // An unconnected socket: the connection only reads its address and never writes to it.
  const conn = new Connection('c1', new Socket(), ingest, () => now.t, 65536);
  return { ingest, aggregator, conn, now };
}

function line(ingest: Ingest, conn: Connection, text: string, at: number): void {
  const buf = Buffer.from(`xx${text}yy`);
  ingest.line(conn, buf, 2, 2 + Buffer.byteLength(text), at);
}

describe('Ingest', () => {
  it('records the lines of a chunk at the chunk time, counted per second once the chunk ends', () => {
    const { ingest, aggregator, conn, now } = setup();
    now.t = T0 + 1500;
    conn.data(Buffer.from('a\nb:2|c\n{"event":"c","user":"u1"}\nbad:x|c\n  \n'));
    expect(aggregator.current(now.t).counters).toMatchObject({ events: 4, unique_events: 3, distinct_users: 1, rejected: 1, peak_rate: 4 });
    expect(aggregator.rates(now.t, 2).counts).toEqual([0, 4]);
    expect(ingest.counters).toMatchObject({ lines: 4, rejected: 1, rejected_by_reason: { invalid_statsd_value: 1 } });
    expect(conn.rejects).toBe(1);
  });

  it('records a line given outside any chunk at its own time', () => {
    const { ingest, aggregator, conn } = setup();
    line(ingest, conn, 'alone', T0 + 2500);
    line(ingest, conn, 'later', T0 + 3500);
    expect(aggregator.current(T0 + 3500).counters).toMatchObject({ events: 2, unique_events: 2, peak_rate: 1 });
    expect(aggregator.rates(T0 + 3500, 2).counts).toEqual([1, 1]);
  });

  it('counts a last line without newline, given at end(), at the time of the end', () => {
    const { aggregator, conn, now } = setup();
    conn.data(Buffer.from('first\nlast wo'));
    now.t = T0 + 4200;
    conn.data(Buffer.from('rd'));
    now.t = T0 + 5100;
    conn.end();
    expect(aggregator.rates(now.t, 6).counts).toEqual([1, 0, 0, 0, 0, 1]);
    expect(
      aggregator
        .current(now.t)
        .top.map((e) => e.event)
        .sort(),
    ).toEqual(['first', 'last word']);
  });

  it('rejects a ts further ahead of its arrival than the future tolerance as `future`, and places one within it', () => {
    const now = { t: T0 + 1000 };
    const aggregator = new Aggregator({ ...DEFAULT_SETTINGS, event_time: true }, T0);
    const ingest = new Ingest(aggregator);
    ingest.futureToleranceMs = 60_000;
    const conn = new Connection('c1', new Socket(), ingest, () => now.t, 65536);
    conn.data(
      Buffer.from(
        `{"event":"soon","ts":${T0 + 61_000}}\n{"event":"far","ts":${T0 + 61_001}}\n{"event":"secs","ts":${(T0 + 500) / 1000}}\n`,
      ),
    );
    expect(ingest.counters).toMatchObject({ lines: 3, rejected: 1, rejected_by_reason: { future: 1 } });
    expect(ingest.samples.list()).toMatchObject([{ reason: 'future', line: expect.stringContaining('"far"') }]);
    expect(aggregator.current(now.t).top.map((e) => e.event)).toEqual(['secs']);
    expect(aggregator.openTotals().events).toBe(2);
  });

  it('counts each value of a multi-value StatsD line, the line once', () => {
    const { ingest, aggregator, conn, now } = setup();
    conn.data(Buffer.from('hits:1|c:2|c:x|c\n'));
    expect(aggregator.current(now.t).counters).toMatchObject({ events: 3, rejected: 1 });
    expect(ingest.counters).toMatchObject({ lines: 1, rejected: 1, rejected_by_reason: { invalid_statsd_value: 1 } });
  });

  it('drops a byte order mark at the start of a connection before reading the JSON line after it', () => {
    const { aggregator, conn, now } = setup();
    conn.data(Buffer.from([0xef, 0xbb]));
    conn.data(Buffer.concat([Buffer.from([0xbf]), Buffer.from('{"event":"x","user":"u1"}\n')]));
    expect(aggregator.current(now.t).counters).toMatchObject({ events: 1, distinct_users: 1, rejected: 0 });
    expect(aggregator.current(now.t).top).toEqual([{ event: 'x', count: 1 }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { EventHistory, EventWindow } from '../../../../../src-shared/api';
import {
  compareSeries,
  countSeries,
  eventStats,
  metricOf,
  seriesValueText,
  valueSeries,
} from '../../../../../src-renderer/src/lib/charts/event-series';
import type { Series } from '../../../../../src-renderer/src/lib/charts/event-series';
import { eventWindow, T0 } from '../../support/event-windows';
import { local } from '../../support/locale';

const w = eventWindow;

const values = (p50: number | null, p90: number | null, p99: number | null) => ({
  count: 3,
  sum: 30,
  min: 1,
  max: 20,
  mean: 10,
  p50,
  p90,
  p99,
});

function history(event: string, windows: EventWindow[]): EventHistory {
  return { event, windows, tags: [] };
}

describe('countSeries', () => {
  it('gives one span per window, in epoch ms, and the count per window', () => {
    const set = countSeries(history('a', [w(0, { count: 3 }), w(1, { count: 0, partial: true })]));
    expect(set.spans).toEqual([
      { start: T0, end: T0 + 60_000, partial: false },
      { start: T0 + 60_000, end: T0 + 120_000, partial: true },
    ]);
    expect(set.series.map((s) => [s.label, s.kind, s.values])).toEqual([['Count', 'count', [3, 0]]]);
  });

  it('adds distinct users only where some came, marking the estimated windows', () => {
    const set = countSeries(
      history('a', [w(0, { count: 2, distinct_users: 2 }), w(1, { count: 900, distinct_users: 300, distinct_users_exact: false })]),
    );
    const users = set.series[1];
    expect(users).toMatchObject({ label: 'Distinct users', kind: 'users', values: [2, 300], estimated: [false, true] });
  });
});

describe('valueSeries', () => {
  it('draws p50, p90 and p99 with a gap (null) where a window had no value', () => {
    const set = valueSeries(history('lat', [w(0, { values: values(5, 9, 12) }), w(1), w(2, { values: values(6, 10, 14) })]));
    expect(set.series.map((s) => s.label)).toEqual(['p50', 'p90', 'p99']);
    expect(set.series[2].values).toEqual([12, null, 14]);
  });

  it('leaves out the quantiles when only counter steps came (values without quantiles)', () => {
    const set = valueSeries(history('c', [w(0, { values: values(null, null, null) })]));
    expect(set.series).toEqual([]);
  });

  it("adds the gauge's last level where a gauge came", () => {
    const set = valueSeries(history('mem', [w(0, { gauge_last: 512, values: values(512, 512, 512) }), w(1)]));
    expect(set.series.map((s) => s.label)).toEqual(['p50', 'p90', 'p99', 'Gauge (last)']);
    expect(set.series[3].values).toEqual([512, null]);
  });

  it('has no series at all for an event without values', () => {
    expect(valueSeries(history('plain', [w(0, { count: 4 })])).series).toEqual([]);
  });

  it('gives each line its own colour', () => {
    const set = valueSeries(history('mem', [w(0, { gauge_last: 1, values: values(1, 2, 3) })]));
    expect(new Set(set.series.map((s) => s.color)).size).toBe(4);
  });
});

describe('compareSeries', () => {
  it('puts one line per event, in pin order, each in its own colour', () => {
    const set = compareSeries([history('a', [w(0, { count: 1 })]), history('b', [w(0, { count: 7 })])], 'count');
    expect(set.series.map((s) => [s.label, s.values[0]])).toEqual([
      ['a', 1],
      ['b', 7],
    ]);
    expect(set.series[0].color).not.toBe(set.series[1].color);
  });

  it('lines events up on the windows any of them has, in time order, null where one lacks a window', () => {
    // b's history was read a window later than a's.
    const set = compareSeries(
      [history('a', [w(0, { count: 1 }), w(1, { count: 2 })]), history('b', [w(1, { count: 5 }), w(2, { count: 6 })])],
      'count',
    );
    expect(set.spans.map((s) => (s.start - T0) / 60_000)).toEqual([0, 1, 2]);
    expect(set.series[0].values).toEqual([1, 2, null]);
    expect(set.series[1].values).toEqual([null, 5, 6]);
  });

  it('compares a quantile, with null where an event had no value', () => {
    const set = compareSeries([history('a', [w(0, { values: values(1, 2, 30) }), w(1)])], 'p99');
    expect(set.series[0]).toMatchObject({ kind: 'value', values: [30, null] });
  });

  it('has no lines and no windows with nothing pinned', () => {
    expect(compareSeries([], 'count')).toEqual({ spans: [], series: [] });
  });
});

describe('metricOf', () => {
  it('reads count, users and each quantile of a window', () => {
    const win = w(0, { count: 4, distinct_users: 2, values: values(1, 2, 3) });
    expect(['count', 'users', 'p50', 'p90', 'p99'].map((m) => metricOf(win, m as never))).toEqual([4, 2, 1, 2, 3]);
  });
});

describe('eventStats', () => {
  it('totals the range, counts the windows the event came in, and finds the newest gauge level', () => {
    const s = eventStats(
      history('mem', [w(0, { count: 2, gauge_last: 10 }), w(1, { count: 0 }), w(2, { count: 3, gauge_last: 12 }), w(3, { count: 1 })]),
    );
    expect(s).toMatchObject({ total: 6, windowsWith: 3, windows: 4, gauge: 12 });
    expect(s.last?.count).toBe(1);
  });

  it('takes the newest window the event came in as its last, not an empty one after it', () => {
    const s = eventStats(history('x', [w(0, { count: 2 }), w(1, { count: 5 }), w(2, { count: 0 })]));
    expect(s.last?.window_start).toBe(w(1).window_start);
  });

  it('has no last window and no gauge for an empty range', () => {
    expect(eventStats(history('x', []))).toEqual({ total: 0, windowsWith: 0, windows: 0, last: null, gauge: null });
  });
});

describe('seriesValueText', () => {
  const s = (kind: Series['kind'], estimated = [false]): Series => ({ label: 'x', color: 0, kind, values: [1], estimated });

  it('gives counts and users their unit', () => {
    expect(seriesValueText(s('count'), 0, 1)).toBe('1 event');
    expect(seriesValueText(s('count'), 0, 1234)).toBe(local('1,234 events'));
    expect(seriesValueText(s('users'), 0, 3)).toBe('3 users');
  });

  it('marks estimated users', () => {
    expect(seriesValueText(s('users', [true]), 0, 300)).toBe('≈ 300 users (estimated)');
  });

  it('gives values four significant digits and no unit (the Api does not say what they measure)', () => {
    expect(seriesValueText(s('value'), 0, 12.3456)).toBe(local('12.35'));
  });
});

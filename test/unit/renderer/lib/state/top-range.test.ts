import { describe, expect, it } from 'vitest';
import type { EventCount, Summary, WindowCounters } from '../../../../../src-shared/types';
import { addOpenCounts, closedRange, rangeTop, topEmptyText, topRangeSubtitle } from '../../../../../src-renderer/src/lib/state/top-range';
import type { RangeTopInput } from '../../../../../src-renderer/src/lib/state/top-range';
import { quietSummary } from '../../../../support/window-records';
import { local } from '../../support/locale';

const T0 = Date.UTC(2025, 5, 1, 12, 0);

/** The i-th 10 s window after 12:00 UTC, with `unique` names. */
function win(i: number, unique = 3, exact = true): Summary {
  return quietSummary(T0 + i * 10_000, T0 + (i + 1) * 10_000, { unique_events: unique, unique_exact: exact });
}

function counters(unique: number, exact = true): WindowCounters {
  const { top_events: _t, ...c } = win(99, unique, exact);
  return c;
}

function input(over: Partial<RangeTopInput> = {}): RangeTopInput {
  return {
    closed: [
      { event: 'signup', count: 30 },
      { event: 'login', count: 20 },
    ],
    limit: 100,
    windows: [win(0), win(1)],
    topN: 1000,
    open: { top: [{ event: 'login', count: 15 }], counters: counters(1) },
    ...over,
  };
}

describe('closedRange', () => {
  const windows = [win(0), win(1), win(2), win(3)];

  it('takes the newest n closed windows and reads from the first one start to the last one end', () => {
    const r = closedRange(windows, 2);
    expect(r?.windows).toEqual([win(2), win(3)]);
    expect(r?.from).toBe(win(2).window_start);
    expect(r?.to).toBe(win(3).window_end);
  });

  it('takes all there are when fewer than n have closed', () => {
    expect(closedRange(windows, 60)?.windows).toHaveLength(4);
  });

  it('has no range before any window closed', () => {
    expect(closedRange([], 5)).toBeNull();
  });
});

describe('addOpenCounts', () => {
  it("adds the open window's counts to the closed totals name by name, largest first", () => {
    const sum = addOpenCounts(
      [
        { event: 'a', count: 10 },
        { event: 'b', count: 8 },
      ],
      [
        { event: 'b', count: 5 },
        { event: 'c', count: 1 },
      ],
    );
    expect(sum).toEqual([
      { event: 'b', count: 13 },
      { event: 'a', count: 10 },
      { event: 'c', count: 1 },
    ]);
  });

  it('breaks ties by name, as the Api does', () => {
    expect(addOpenCounts([{ event: 'z', count: 1 }], [{ event: 'a', count: 1 }]).map((t) => t.event)).toEqual(['a', 'z']);
  });

  it('keeps only open names containing q, in any case (the closed ones were filtered by the Api)', () => {
    const sum = addOpenCounts(
      [{ event: 'api.latency', count: 2 }],
      [
        { event: 'API.errors', count: 1 },
        { event: 'signup', count: 9 },
      ],
      'api',
    );
    expect(sum.map((t) => t.event)).toEqual(['api.latency', 'API.errors']);
  });
});

describe('rangeTop', () => {
  it('sums closed and open counts and calls them exact when every window listed every name', () => {
    const r = rangeTop(input(), 10);
    expect(r.top).toEqual([
      { event: 'login', count: 35 },
      { event: 'signup', count: 30 },
    ]);
    expect(r).toMatchObject({ exact: true, why: [] });
  });

  it('keeps the largest `slots`', () => {
    expect(rangeTop(input(), 1).top).toEqual([{ event: 'login', count: 35 }]);
  });

  it('is approximate when a closed window had more names than the journal keeps (the rest went to (other))', () => {
    const r = rangeTop(input({ windows: [win(0, 5), win(1, 2)], topN: 3 }), 10);
    expect(r.exact).toBe(false);
    expect(r.why).toEqual(['1 closed window had more names than the 3 the journal keeps per window']);
  });

  it('is approximate when a closed window counted its names by estimate', () => {
    expect(rangeTop(input({ windows: [win(0, 3, false)] }), 10).why).toHaveLength(1);
  });

  it('is approximate when the open window has more names than its live top list', () => {
    const r = rangeTop(input({ open: { top: [{ event: 'login', count: 15 }], counters: counters(12) } }), 10);
    expect(r.why).toEqual(['the open window adds only its live top 1']);
  });

  it('is approximate when the open window counts by estimate (an entry carries an error)', () => {
    const top: EventCount[] = [{ event: 'login', count: 15, error: 2 }];
    expect(rangeTop(input({ open: { top, counters: counters(1) } }), 10).exact).toBe(false);
  });

  it('is approximate when the closed totals were cut at the limit and an open name is not among them', () => {
    const r = rangeTop(input({ limit: 2, open: { top: [{ event: 'new', count: 1 }], counters: counters(1) } }), 10);
    expect(r.why).toEqual(["names past the journal's top 2 miss their closed windows"]);
    // …but not when every open name is among the totals: theirs are whole.
    expect(rangeTop(input({ limit: 2 }), 10).exact).toBe(true);
  });

  it('sums the closed windows alone before the first snapshot', () => {
    expect(rangeTop(input({ open: null }), 10).top[0]).toEqual({ event: 'signup', count: 30 });
  });
});

describe('topRangeSubtitle', () => {
  it('names the open window alone with its size', () => {
    expect(topRangeSubtitle(0, 60, 60)).toBe('Current 60 s window');
  });

  it('says how many closed windows add up, and how many so far when fewer have closed', () => {
    expect(topRangeSubtitle(15, 15, 1)).toBe('Last 15 closed windows and the open one');
    expect(topRangeSubtitle(15, 40, 1)).toBe('Last 15 closed windows and the open one');
    expect(topRangeSubtitle(60, 1, 1)).toBe('1 closed window so far (of 60) and the open one');
  });
});

describe('topEmptyText', () => {
  const base = { listed: 0, loading: false, range: 0 as const, uniqueExact: true, unique: 0 };

  it('says nothing while there are bars', () => {
    expect(topEmptyText({ ...base, listed: 1 })).toBeNull();
  });

  it('says the journal is being read, then that the windows are empty', () => {
    expect(topEmptyText({ ...base, range: 5, loading: true })).toBe('Reading the closed windows…');
    expect(topEmptyText({ ...base, range: 5 })).toBe('No events in these windows yet');
  });

  it('says why an estimated open window lists no event: none stands out', () => {
    expect(topEmptyText(base)).toBe('No events in this window yet');
    expect(topEmptyText({ ...base, uniqueExact: false, unique: 120_000 })).toBe(
      local('No event stands out among ≈ 120,000 names: each was seen about as often as the others'),
    );
  });
});

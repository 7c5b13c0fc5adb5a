import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../../../src-shared/types';
import { mergeSummaries } from '../../../../../src-renderer/src/lib/state/merge-summaries';
import { quietSummary } from '../../../../support/window-records';

/** A 60 s window starting `minute` minutes after 12:00 UTC. */
function win(minute: number, events = 1): Summary {
  const start = Date.UTC(2025, 5, 1, 12, minute);
  return quietSummary(start, start + 60_000, { events, unique_events: 1 });
}

const minutes = (list: readonly Summary[]) => list.map((s) => new Date(s.window_start).getUTCMinutes());

describe('mergeSummaries', () => {
  it('puts the windows oldest first whatever order they came in', () => {
    expect(minutes(mergeSummaries([win(3), win(1)], [win(2), win(0)], 10))).toEqual([0, 1, 2, 3]);
  });

  it('keeps one copy of a window that came twice, the incoming one', () => {
    const merged = mergeSummaries([win(1, 5), win(2)], [win(1, 7)], 10);
    expect(minutes(merged)).toEqual([1, 2]);
    expect(merged[0].events).toBe(7);
  });

  it('keeps the later copy when the same window is twice in one batch (a refresh plus a snapshot closed during it)', () => {
    const merged = mergeSummaries([], [win(1, 5), win(1, 9)], 10);
    expect(merged).toHaveLength(1);
    expect(merged[0].events).toBe(9);
  });

  it("replaces an amended window (a cluster viewer's late partial) by its start instead of listing it twice", () => {
    const first = { ...win(1, 5), nodes: ['n1'], nodes_missing: ['n2'] };
    const amended = { ...win(1, 8), nodes: ['n1', 'n2'], nodes_missing: [] };
    const merged = mergeSummaries([win(0), first, win(2)], [amended], 10);
    expect(minutes(merged)).toEqual([0, 1, 2]);
    expect(merged[1]).toMatchObject({ events: 8, nodes: ['n1', 'n2'], nodes_missing: [] });
  });

  it('replaces a window by its start even when the newer copy ends elsewhere', () => {
    const cut = { ...win(1, 5), window_end: new Date(Date.parse(win(1).window_start) + 10_000).toISOString(), partial: true };
    const merged = mergeSummaries([cut], [win(1, 9)], 10);
    expect(merged).toEqual([win(1, 9)]);
  });

  it('keeps a zero-length window (a cut on a window start) beside the window that starts where it does, it first', () => {
    const start = win(1).window_start;
    const zero = { ...win(1, 2), window_end: start, partial: true };
    const merged = mergeSummaries([win(1, 7)], [zero], 10);
    expect(merged.map((s) => s.events)).toEqual([2, 7]);
  });

  it('keeps the newest `keep` windows and drops the oldest', () => {
    const list = Array.from({ length: 8 }, (_, i) => win(i));
    expect(minutes(mergeSummaries(list.slice(0, 5), list.slice(5), 3))).toEqual([5, 6, 7]);
  });

  it('returns a new list and leaves both inputs as they were', () => {
    const old = [win(2), win(1)];
    const incoming = [win(0)];
    const merged = mergeSummaries(old, incoming, 10);
    expect(merged).not.toBe(old);
    expect(minutes(old)).toEqual([2, 1]);
    expect(minutes(incoming)).toEqual([0]);
  });

  it('gives an empty list for nothing', () => {
    expect(mergeSummaries([], [], 60)).toEqual([]);
  });
});

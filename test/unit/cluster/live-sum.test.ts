// The viewer's live view (DESIGN §10): the nodes' heartbeats summed second by second, the open
// window from the alive nodes whose open window is the viewer's; and widenToWindow, which makes a
// restarted node's cut piece a part of its aligned window.
import { describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../../src-main/engine/cluster/cluster-names';
import { LiveSum } from '../../../src-main/engine/cluster/live-sum';
import { widenToWindow } from '../../../src-main/engine/cluster/widen';
import { mergePartials } from '../../../src-main/engine/window/partial';
import { T0 } from '../../support/partial-streams';
import { lines, nodePartials, type Line } from './node-partials';

const W = 10_000;
const ALIVE = 3_000;

function hb(node: string, over: Partial<Omit<Heartbeat, 'current'>> & { current?: Partial<Heartbeat['current']> } = {}): Heartbeat {
  const { current, ...rest } = over;
  return {
    v: 1,
    node,
    at: T0,
    window_ms: W,
    events_per_sec: 0,
    rates_start: T0,
    rates: [],
    backlog: 0,
    ...rest,
    current: { start_ms: T0, events: 0, bytes: 0, rejected: 0, ...current },
  };
}

describe('LiveSum', () => {
  it("sums the nodes' per-second events second by second, each at its own epoch second", () => {
    const live = new LiveSum(W, ALIVE);
    live.add(hb('a', { rates_start: T0, rates: [1, 2, 3] }), T0 + 2500);
    live.add(hb('b', { rates_start: T0 + 1000, rates: [10, 20, 30] }), T0 + 2500);
    expect(live.rates(T0 + 3500, 5)).toEqual({ start: T0 - 1000, counts: [0, 1, 12, 23, 30] });
    // A newer heartbeat restates the seconds it covers, and keeps the ones before.
    live.add(hb('a', { rates_start: T0 + 2000, rates: [4, 5] }), T0 + 3500);
    expect(live.rates(T0 + 3500, 4).counts).toEqual([1, 12, 24, 35]);
  });

  it('current() sums the open windows of the alive nodes only, and of those only the ones with the viewer’s start', () => {
    const live = new LiveSum(W, ALIVE);
    const now = T0 + 4000;
    live.add(hb('a', { rates_start: T0 + 1000, rates: [5, 7, 6], current: { events: 18, bytes: 300, rejected: 1 } }), now - 500);
    live.add(hb('b', { rates_start: T0 + 1000, rates: [1, 1, 1], current: { events: 3, bytes: 40, rejected: 2 } }), now - 1000);
    // Dead: its last heartbeat is older than aliveMs.
    live.add(hb('c', { current: { events: 1000, bytes: 1000, rejected: 1000 } }), now - ALIVE - 1);
    // Alive, but its open window is another (its clock is a window behind).
    live.add(hb('d', { current: { start_ms: T0 - W, events: 500, bytes: 500, rejected: 500 } }), now);
    const c = live.current(now).counters;
    expect(c).toMatchObject({
      window_start: new Date(T0).toISOString(),
      window_end: new Date(T0 + W).toISOString(),
      events: 21,
      bytes: 340,
      rejected: 3,
      peak_rate: 8,
    });
    expect(live.alive('a', now)).toBe(true);
    expect(live.alive('c', now)).toBe(false);
    expect(live.alive('nobody', now)).toBe(false);
    // Just within aliveMs is alive, and its window counts.
    expect(live.current(now - 1).counters.events).toBe(1021);
  });

  it('follows a new window size', () => {
    const live = new LiveSum(W, ALIVE);
    live.add(hb('a', { window_ms: 5000, current: { start_ms: T0 + 5000, events: 4 } }), T0 + 6000);
    expect(live.current(T0 + 6000).counters.events).toBe(0);
    live.setWindow(5000);
    expect(live.current(T0 + 6000).counters).toMatchObject({ window_start: new Date(T0 + 5000).toISOString(), events: 4 });
  });
});

describe('widenToWindow', () => {
  const settings = { window_seconds: W / 1000 };
  const before: Line[] = lines('a', 6, T0 + 100, 500);
  const after: Line[] = [...lines('b', 4, T0 + 5200, 100), ...lines('a', 3, T0 + 7000, 900)];

  it("keeps every count of a restarted node's pieces and puts their per-second counts at their seconds in the window", () => {
    // The node counts, is stopped at 4 s, comes back at 5 s: its two pieces widened and merged are
    // the window as a node that never stopped counted it.
    const [p1] = nodePartials(before, { from: T0, until: T0 + 4000, stop: true, settings });
    const [p2] = nodePartials(after, { from: T0 + 5000, until: T0 + W, settings });
    const [whole] = nodePartials([...before, ...after], { from: T0, until: T0 + W, settings });
    const w1 = widenToWindow(p1!, T0, T0 + W);
    const w2 = widenToWindow(p2!, T0, T0 + W);
    for (const [piece, wide] of [
      [p1!, w1],
      [p2!, w2],
    ] as const) {
      const { start_ms: _s, end_ms: _e, partial: _p, per_second: ps, ...counts } = piece;
      expect(wide).toMatchObject({ ...counts, start_ms: T0, end_ms: T0 + W, partial: false });
      expect(wide.per_second.reduce((x, y) => x + y, 0)).toBe(ps.reduce((x, y) => x + y, 0));
    }
    expect([...w2.per_second]).toEqual([0, 0, 0, 0, 0, 4, 0, 2, 1, 0]);
    const merged = mergePartials(w1, w2);
    expect([...merged.per_second]).toEqual([...whole!.per_second]);
    expect({ ...merged, connections_seen: true }).toEqual({ ...whole!, connections_seen: true });
  });

  it('places a piece starting inside a second at the second it started in (its seconds straddle the window’s)', () => {
    const [p] = nodePartials(lines('b', 3, T0 + 5600, 500), { from: T0 + 5500, until: T0 + W, settings });
    expect([...p!.per_second]).toEqual([2, 1, 0, 0, 0]);
    expect([...widenToWindow(p!, T0, T0 + W).per_second]).toEqual([0, 0, 0, 0, 0, 2, 1, 0, 0, 0]);
  });

  it('gives back a whole aligned window as it is', () => {
    const [p] = nodePartials(before, { from: T0, until: T0 + W, settings });
    expect(widenToWindow(p!, T0, T0 + W)).toBe(p);
  });
});

import { describe, expect, it } from 'vitest';
import { RateHistory } from '../../../../src-main/engine/window/rate-history';

const T0 = Date.parse('2025-11-29T12:00:00.000Z');
const sec = (n: number) => T0 + n * 1000;

describe('RateHistory', () => {
  it('sums arrivals per second and reports quiet seconds as 0', () => {
    const h = new RateHistory();
    h.add(sec(0) + 10, 2);
    h.add(sec(0) + 990, 3);
    h.add(sec(2) + 500, 1.5);
    const { start, counts } = h.series(sec(2) + 600, 4);
    expect(start).toBe(sec(-1));
    expect(counts).toEqual([0, 5, 0, 1.5]);
    expect(h.countAt(sec(0))).toBe(5);
  });

  it('keeps 300 s by default and ends with the current second', () => {
    const h = new RateHistory();
    h.add(sec(299), 7);
    const { start, counts } = h.series(sec(299) + 1);
    expect(counts).toHaveLength(300);
    expect(start).toBe(sec(0));
    expect(counts[299]).toBe(7);
  });

  it('rolls over more than 300 s: only the last 300 seconds remain, each with its own count', () => {
    const h = new RateHistory();
    for (let s = 0; s < 1000; s++) h.add(sec(s) + 250, s + 1);
    const { start, counts } = h.series(sec(999) + 999);
    expect(start).toBe(sec(700));
    expect(counts).toEqual(Array.from({ length: 300 }, (_, i) => 701 + i));
    expect(h.countAt(sec(699))).toBe(0);
  });

  it('does not resurrect a slot after a silence longer than the ring', () => {
    const h = new RateHistory();
    h.add(sec(5), 9);
    const { counts } = h.series(sec(305) + 1);
    expect(counts.every((c) => c === 0)).toBe(true);
    h.add(sec(305), 1);
    expect(h.series(sec(305)).counts[299]).toBe(1);
  });

  it('ignores an arrival older than the ring instead of overwriting newer seconds', () => {
    const h = new RateHistory();
    h.add(sec(400), 4);
    h.add(sec(100), 50); // the same slot as second 400, 300 s older: a clock that stepped back
    expect(h.countAt(sec(400))).toBe(4);
    expect(h.countAt(sec(100))).toBe(0);
  });

  it('clamps the requested length to 1..capacity', () => {
    const h = new RateHistory(10);
    expect(h.series(sec(50), 500).counts).toHaveLength(10);
    expect(h.series(sec(50), 0).counts).toHaveLength(1);
    expect(h.series(sec(50), NaN).counts).toHaveLength(10);
  });

  it('rejects a capacity that is not a whole number ≥ 1', () => {
    expect(() => new RateHistory(0)).toThrow(RangeError);
    expect(() => new RateHistory(2.5)).toThrow(RangeError);
  });
});

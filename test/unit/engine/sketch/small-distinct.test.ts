// Distinct users of one event: exact up to 128, then an estimate (HyperLogLog, 4,096 registers)
// flagged as such; merging two is counting the union.
import { describe, expect, it } from 'vitest';
import { hashHi, hashLo } from '../../../../src-main/engine/sketch/hash';
import { SMALL_EXACT_LIMIT, SmallDistinct } from '../../../../src-main/engine/sketch/small-distinct';

function addAll(d: SmallDistinct, keys: string[]): void {
  for (const k of keys) {
    const b = Buffer.from(k);
    d.add(hashLo(b, 0, b.length), hashHi(b, 0, b.length));
  }
}
const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => `user-${from + i}`);

describe('SmallDistinct', () => {
  it('counts exactly up to the limit, repeats once', () => {
    const d = new SmallDistinct();
    addAll(d, [...keys(0, SMALL_EXACT_LIMIT), ...keys(0, SMALL_EXACT_LIMIT)]);
    expect(d.count).toBe(SMALL_EXACT_LIMIT);
    expect(d.exact).toBe(true);
  });

  it('estimates past the limit, within 5 % at 100,000 (standard error 1.6 %), and says so', () => {
    const d = new SmallDistinct();
    addAll(d, keys(0, 100_000));
    expect(d.exact).toBe(false);
    expect(Math.abs(d.count - 100_000) / 100_000).toBeLessThan(0.05);
  });

  it('merges as the union: exact with exact, exact into an estimate, an estimate into exact', () => {
    const a = new SmallDistinct();
    const b = new SmallDistinct();
    addAll(a, keys(0, 60));
    addAll(b, keys(40, 60));
    a.merge(b);
    expect([a.count, a.exact]).toEqual([100, true]);
    const big = new SmallDistinct();
    addAll(big, keys(0, 5000));
    a.merge(big);
    expect(a.exact).toBe(false);
    expect(Math.abs(a.count - 5000) / 5000).toBeLessThan(0.05);
    const small = new SmallDistinct();
    addAll(small, keys(4990, 20));
    big.merge(small);
    expect(Math.abs(big.count - 5010) / 5010).toBeLessThan(0.05);
  });

  it('after a reset counts from nothing again, whichever phase it was in', () => {
    for (const n of [3, 50, 5000]) {
      const d = new SmallDistinct();
      addAll(d, keys(0, n));
      d.reset();
      expect([d.count, d.exact]).toEqual([0, true]);
      addAll(d, keys(10_000, 7));
      expect([d.count, d.exact]).toEqual([7, true]);
    }
  });
});

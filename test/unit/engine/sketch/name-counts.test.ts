import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameCounts } from '../../../../src-main/engine/sketch/name-counts';
import type { EventCount } from '../../../../src-shared/types';

const scratch = Buffer.alloc(256);

function add(counts: NameCounts, name: string, count = 1): void {
  // Names sit after a prefix, as they do inside a received line.
  const end = 3 + scratch.write(name, 3);
  counts.add(scratch, 3, end, count);
}

/** What top(n) must return for exact counts: count descending, then name in code-unit order. */
function referenceTop(reference: Map<string, number>, n: number): EventCount[] {
  return [...reference]
    .map(([event, count]) => ({ event, count }))
    .sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0))
    .slice(0, Math.max(0, n));
}

// Among them: two spellings of é (other bytes), a name with an astral character and a
// fullwidth letter, which sort one way by code unit (U+D83C < U+FF46) and the other by code point.
const NAMES = ['signup', 'login', 'Login', 'café', 'cafe\u0301', '日本', '🎉', '\uff46', 'a', 'b', '', 'page view', 'x'.repeat(200)];

describe('NameCounts', () => {
  it('matches a reference Map below exactLimit: counts, fractional sums, ties, non-ASCII names', () => {
    const op = fc.record({
      name: fc.constantFrom(...NAMES),
      count: fc.constantFrom(1, 1, 1, 2, 0.5, 0.1, 1 / 3, 10, 0),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), fc.integer({ min: 0, max: 20 }), (ops, n) => {
        const counts = new NameCounts();
        const reference = new Map<string, number>();
        let total = 0;
        for (const { name, count } of ops) {
          add(counts, name, count);
          reference.set(name, (reference.get(name) ?? 0) + count);
          total += count;
        }
        expect(counts.unique).toBe(reference.size);
        expect(counts.uniqueExact).toBe(true);
        expect(counts.total).toBe(total);
        expect(counts.top(n)).toEqual(referenceTop(reference, n));
      }),
      { numRuns: 300 },
    );
  });

  it('orders ties by name in code-unit order, not code-point or locale order', () => {
    const counts = new NameCounts();
    for (const name of ['\uff46', '🎉', 'b', 'B', 'a']) add(counts, name, 2);
    expect(counts.top(10).map((e) => e.event)).toEqual(['B', 'a', 'b', '🎉', '\uff46']);
  });

  it('returns every name in order at exactLimit, with exact counts', () => {
    const counts = new NameCounts({ exactLimit: 5000 });
    const reference = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const name = `event-${(i * 7919) % 5000}`;
      const count = 1 + (i % 3) * 0.25;
      add(counts, name, count);
      reference.set(name, (reference.get(name) ?? 0) + count);
    }
    expect([counts.unique, counts.uniqueExact]).toEqual([5000, true]);
    expect(counts.top(Infinity)).toEqual(referenceTop(reference, 5000));
    expect(counts.top(3)).toEqual(referenceTop(reference, 3));
  });

  it('returns nothing for top(0) or a negative n', () => {
    const counts = new NameCounts();
    add(counts, 'a');
    expect(counts.top(0)).toEqual([]);
    expect(counts.top(-1)).toEqual([]);
    expect(counts.top(1.9)).toEqual([{ event: 'a', count: 1 }]);
  });

  it('rejects a negative, NaN or infinite count and loses nothing already counted', () => {
    const counts = new NameCounts();
    add(counts, 'kept', 2);
    for (const bad of [-1, NaN, Infinity]) expect(() => add(counts, 'bad', bad)).toThrow(RangeError);
    expect(counts.total).toBe(2);
    expect(counts.top(10)).toEqual([{ event: 'kept', count: 2 }]);
  });

  it('rejects options out of range', () => {
    expect(() => new NameCounts({ exactLimit: -1 })).toThrow(RangeError);
    expect(() => new NameCounts({ capacity: 0 })).toThrow(RangeError);
    expect(() => new NameCounts({ precision: 20 })).toThrow(RangeError);
  });

  it('past exactLimit, keeps heavy names on top within the Space-Saving bound, in `capacity` counters', () => {
    const heavy = new Map([
      ['heavy.checkout', 20_000],
      ['heavy.search', 15_000],
      ['heavy.login', 10_000],
      ['heavy.view', 7_000],
      ['heavy.click', 5_000],
    ]);
    const light = 1_000_000;
    const counts = new NameCounts(); // exactLimit and capacity 10,000
    let total = 0;
    const stride = [...heavy.values()].map((c) => Math.floor(light / c));
    const names = [...heavy.keys()];
    for (let i = 0; i < light; i++) {
      add(counts, `light-${i}`);
      total++;
      // Heavy names spread through the stream, each at its own pace.
      for (let h = 0; h < names.length; h++) {
        if (i % stride[h] === 0) {
          add(counts, names[h]);
          total++;
        }
      }
    }
    const truth = new Map([...heavy.keys()].map((name, h) => [name, Math.floor((light - 1) / stride[h]) + 1]));
    expect(counts.uniqueExact).toBe(false);
    expect(counts.total).toBe(total);
    expect(Math.abs(counts.unique / (light + heavy.size) - 1)).toBeLessThan(0.03);

    const all = counts.top(Infinity);
    expect(all.length).toBe(10_000);
    const min = all[all.length - 1].count;
    expect(min).toBeLessThanOrEqual(total / 10_000); // Space-Saving: the smallest counter is at most N / capacity
    for (const { event, count } of all) {
      const trueCount = truth.get(event) ?? 1;
      expect(count, event).toBeGreaterThanOrEqual(trueCount);
      expect(count - trueCount, event).toBeLessThanOrEqual(min);
    }
    expect(counts.top(5).map((e) => e.event)).toEqual(names);
    expect(all.reduce((sum, e) => sum + e.count, 0)).toBe(total); // Space-Saving's counters always sum to N
  });

  it('past exactLimit, a name evicted and seen again is never under-counted', () => {
    // Eight names in turn through four counters: each is evicted before it comes back.
    const counts = new NameCounts({ exactLimit: 4, capacity: 4 });
    for (let round = 0; round < 100; round++) for (let k = 0; k < 8; k++) add(counts, `name-${k}`, 1.5);
    const kept = counts.top(Infinity);
    expect(kept.length).toBe(4);
    const min = kept[kept.length - 1].count;
    for (const { event, count } of kept) {
      expect(count, event).toBeGreaterThanOrEqual(150);
      expect(count - 150, event).toBeLessThanOrEqual(min);
    }
    expect(kept.reduce((sum, e) => sum + e.count, 0)).toBe(counts.total);
  });

  it('past exactLimit, keeps the Space-Saving guarantees under any stream of names and counts', () => {
    const op = fc.record({ name: fc.integer({ min: 0, max: 30 }), count: fc.constantFrom(1, 1, 2, 0.5, 3, 0, 7.25) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (ops, capacity) => {
        const counts = new NameCounts({ exactLimit: capacity, capacity });
        const truth = new Map<string, number>();
        let total = 0;
        for (const { name, count } of ops) {
          add(counts, `n${name}`, count);
          truth.set(`n${name}`, (truth.get(`n${name}`) ?? 0) + count);
          total += count;
        }
        const kept = counts.top(Infinity);
        expect(kept.length).toBe(Math.min(capacity, truth.size));
        // Exact sums of these dyadic counts, so equality holds.
        expect(kept.reduce((sum, e) => sum + e.count, 0)).toBe(total);
        const min = kept.length === capacity ? kept[kept.length - 1].count : 0;
        for (const { event, count } of kept) {
          expect(count, event).toBeGreaterThanOrEqual(truth.get(event) ?? 0);
          expect(count - (truth.get(event) ?? 0), event).toBeLessThanOrEqual(min);
        }
        const keptNames = new Set(kept.map((e) => e.event));
        for (const [name, count] of truth) if (count > min) expect(keptNames.has(name), name).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('with fewer counters than exactLimit, keeps the largest exact counts at the switch', () => {
    const counts = new NameCounts({ exactLimit: 100, capacity: 10 });
    const name = (i: number): string => `n${String(i).padStart(3, '0')}`;
    for (let i = 0; i < 100; i++) add(counts, name(i), i + 1);
    expect(counts.uniqueExact).toBe(true);
    add(counts, 'new'); // the switch keeps n090..n099; 'new' then takes n090's counter (91) + 1
    expect(counts.uniqueExact).toBe(false);
    expect(counts.unique).toBe(101);
    const expected = [];
    for (let i = 99; i >= 91; i--) expected.push({ event: name(i), count: i + 1, error: 0 });
    expected.push({ event: 'new', count: 92, error: 91 }); // ties n091 (92), after it by name; 91 of it inherited
    expect(counts.top(20)).toEqual(expected);
    expect(counts.floor).toBe(92);
    // Guaranteed counts above the floor (92): n092..n099, not 'new' (92 - 91 = 1) nor n091 (92).
    expect(counts.standouts(20).map((t) => t.event)).toEqual(expected.slice(0, 8).map((t) => t.event));
  });

  it('states its overcount: with a million names seen once each, count - error never exceeds the true count and none stands out', () => {
    const counts = new NameCounts();
    for (let i = 0; i < 1_000_000; i++) add(counts, `once-${i}`);
    const top = counts.top(1000);
    expect(top).toHaveLength(1000);
    expect(top.every((t) => t.error !== undefined && t.count - t.error <= 1 && t.count - t.error >= 0)).toBe(true);
    expect(counts.standouts(10)).toEqual([]);
  });

  it('lets a real heavy hitter stand out among a million once-seen names, with a bound that holds', () => {
    const counts = new NameCounts();
    for (let i = 0; i < 1_000_000; i++) {
      add(counts, `once-${i}`);
      if (i % 100 === 0) add(counts, 'hot');
    }
    const [hot] = counts.standouts(10);
    expect(hot.event).toBe('hot');
    expect(hot.count - (hot.error ?? 0)).toBeLessThanOrEqual(10_000);
    expect(hot.count).toBeGreaterThanOrEqual(10_000);
  });

  it('after reset() is empty and exact again, and counts the next window exactly', () => {
    const counts = new NameCounts({ exactLimit: 50, capacity: 60 });
    for (let i = 0; i < 5000; i++) add(counts, `w1-${i}`, 2);
    expect(counts.uniqueExact).toBe(false);
    expect(counts.top(Infinity).length).toBe(60);
    counts.reset();
    expect([counts.unique, counts.uniqueExact, counts.total, counts.top(10)]).toEqual([0, true, 0, []]);
    const reference = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const n = `w2-${i % 40}`;
      add(counts, n, 0.5);
      reference.set(n, (reference.get(n) ?? 0) + 0.5);
    }
    expect([counts.unique, counts.uniqueExact]).toEqual([40, true]);
    expect(counts.top(100)).toEqual(referenceTop(reference, 100));
    for (let i = 0; i < 5000; i++) add(counts, `w3-${i}`);
    expect(counts.uniqueExact).toBe(false);
    expect(Math.abs(counts.unique / 5040 - 1)).toBeLessThan(0.03); // nothing left over from window 1
  });
});

describe('NameCounts states', () => {
  it('export names in code-unit order, and import to a counter that exports the same and counts on alike', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(60), fc.constantFrom(1, 2, 0.5)), { maxLength: 500, size: 'max' }),
        fc.constantFrom(8, 1000),
        (adds, limit) => {
          const nc = new NameCounts({ exactLimit: limit, capacity: limit });
          for (const [n, c] of adds) add(nc, `é${n}`, c);
          const state = nc.exportState();
          expect(state.names).toEqual([...state.names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          expect(state.exact).toBe(new Set(adds.map(([n]) => n)).size <= limit);
          const back = NameCounts.fromState(state);
          expect(back.exportState()).toEqual(state);
          // Counting on a kept name goes the same way; a new name may take a smallest counter (or,
          // at the exact limit, start the switch that does), and which of equal ones the heap hands
          // out depends on the order names went in, which an import does not keep.
          const name = state.names[0] ?? 'é99';
          add(nc, name, 5);
          add(back, name, 5);
          expect(back.exportState()).toEqual(nc.exportState());
        },
      ),
    );
  });
});

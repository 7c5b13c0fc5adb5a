// Tag breakdowns stay bounded whatever the cardinality (16 keys, 32 values a key, the rest as
// `(other)`), keep a frequent value however late it comes, and count every occurrence somewhere;
// as states they merge exactly while within the bounds, then as mergeable summaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OTHER_EVENT } from '../../../../src-shared/types';
import { MAX_TAG_KEYS, MAX_TAG_VALUES, mergeTagStates, TagCounts } from '../../../../src-main/engine/sketch/tag-counts';
import { unitArb } from '../../../support/partial-streams';

describe('TagCounts', () => {
  it('lists each key with its values largest first, exactly while small', () => {
    const t = new TagCounts();
    for (const [k, v, n] of [
      ['plan', 'pro', 3],
      ['plan', 'free', 5],
      ['region', 'eu', 2],
    ] as const)
      for (let i = 0; i < n; i++) t.add(k, v, 1);
    expect(t.result()).toEqual([
      {
        key: 'plan',
        values: [
          { value: 'free', count: 5 },
          { value: 'pro', count: 3 },
        ],
      },
      { key: 'region', values: [{ value: 'eu', count: 2 }] },
    ]);
  });

  it('keeps at most 32 values a key, a heavy value that comes late included, and counts the rest as (other)', () => {
    const t = new TagCounts();
    for (let i = 0; i < 100_000; i++) t.add('user', `u${i}`, 1);
    for (let i = 0; i < 5000; i++) t.add('user', 'hot', 1);
    const [user] = t.result();
    expect(user!.values.length).toBeLessThanOrEqual(MAX_TAG_VALUES + 1);
    expect(user!.values[0]).toMatchObject({ value: 'hot' });
    expect(user!.values[0]!.count).toBeGreaterThanOrEqual(5000);
    expect(user!.values.at(-1)!.value).toBe(OTHER_EVENT);
    expect(user!.values.reduce((n, v) => n + v.count, 0)).toBe(105_000);
  });

  it('keeps at most 16 keys; later keys count under the key (other), by key name', () => {
    const t = new TagCounts();
    for (let k = 0; k < 40; k++) t.add(`k${k}`, 'v', 1);
    const keys = t.result().map((b) => b.key);
    expect(keys).toHaveLength(MAX_TAG_KEYS + 1);
    const other = t.result().find((b) => b.key === OTHER_EVENT)!;
    expect(other.values.reduce((n, v) => n + v.count, 0)).toBe(40 - MAX_TAG_KEYS);
  });
});

describe('TagCounts states', () => {
  type Tag = readonly [key: number, value: number, weight: number];
  const tagsArb = (keys: number, values: number) =>
    fc.array(
      fc.tuple(fc.nat(keys - 1), unitArb, fc.constantFrom(1, 2)).map(([k, u, w]) => [k, Math.floor(u * u * values), w] as const),
      {
        maxLength: 400,
        size: 'max',
      },
    );
  const fed = (tags: readonly Tag[]) => {
    const t = new TagCounts();
    for (const [k, v, w] of tags) t.add(`k${k}`, `v${v}`, w);
    return t;
  };

  it('export and import keep the state and the breakdown', () => {
    fc.assert(
      fc.property(tagsArb(20, 50), (tags) => {
        const t = fed(tags);
        const back = TagCounts.fromState(t.exportState());
        expect(back.exportState()).toEqual(t.exportState());
        expect(back.result()).toEqual(t.result());
      }),
    );
  });

  it('merge: exact while within 16 keys × 32 values, then within the Space-Saving bounds; commutative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([10, 30], [14, 80]),
        fc.array(tagsArb(14, 80), { minLength: 2, maxLength: 5 }),
        ([keys, values], parts) => {
          const all = parts.flat().filter(([k, v]) => k < keys && v < values);
          const split = parts.map((p) => p.filter(([k, v]) => k < keys && v < values));
          const merged = split.map((p) => fed(p).exportState()).reduce((a, b) => mergeTagStates(a, b));
          expect(mergeTagStates(fed(split[1]!).exportState(), fed(split[0]!).exportState())).toEqual(
            mergeTagStates(fed(split[0]!).exportState(), fed(split[1]!).exportState()),
          );
          const truth = new Map<string, Map<string, number>>();
          for (const [k, v, w] of all) {
            const m = truth.get(`k${k}`) ?? new Map<string, number>();
            m.set(`v${v}`, (m.get(`v${v}`) ?? 0) + w);
            truth.set(`k${k}`, m);
          }
          expect(merged.map((k) => k.key)).toEqual([...truth.keys()].sort());
          for (const k of merged) {
            const values = truth.get(k.key)!;
            expect(k.total).toBe([...values.values()].reduce((a, b) => a + b, 0));
            expect(k.values.length).toBeLessThanOrEqual(MAX_TAG_VALUES);
            if (values.size <= MAX_TAG_VALUES) {
              expect(Object.fromEntries(k.values.map((v, i) => [v, k.counts[i]]))).toEqual(Object.fromEntries(values));
              continue;
            }
            const floor = Math.min(...k.counts);
            k.values.forEach((v, i) => {
              expect(values.get(v) ?? 0).toBeLessThanOrEqual(k.counts[i]!);
              expect(values.get(v) ?? 0).toBeGreaterThanOrEqual(k.counts[i]! - k.errors[i]!);
            });
            for (const [v, t] of values) if (t > floor) expect(k.values).toContain(v);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('past 16 keys in all, the keys of fewest occurrences fold into (other) by key name', () => {
    const a = new TagCounts();
    const b = new TagCounts();
    for (let k = 0; k < 10; k++) a.add(`a${k}`, 'x', 10 + k);
    for (let k = 0; k < 10; k++) b.add(`b${k}`, 'y', 1 + k);
    const merged = mergeTagStates(a.exportState(), b.exportState());
    expect(merged.filter((k) => k.key !== OTHER_EVENT)).toHaveLength(MAX_TAG_KEYS);
    const other = merged.find((k) => k.key === OTHER_EVENT)!;
    expect(other.values).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect([...other.counts]).toEqual([1, 2, 3, 4]);
    expect(other.total).toBe(10);
  });
});

// The merge of Space-Saving summaries (Agarwal et al. 2012): summaries of the parts of a skewed
// stream, each a real NameCounts of k counters, merged in any tree shape, keep the bounds the
// module states: every kept name's true count in [count − error, count] with error ≤ floor, every
// name above the floor kept, and floor ≤ n / k.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameCounts } from '../../../../src-main/engine/sketch/name-counts';
import { mergeTopK, type TopKSummary } from '../../../../src-main/engine/sketch/top-k-merge';
import { mergeByTree, mergeTreeArb, unitArb } from '../../../support/partial-streams';

const K = 16;

function summaryOf(names: number[]): TopKSummary {
  const nc = new NameCounts({ exactLimit: K, capacity: K });
  for (const n of names) {
    const b = Buffer.from(`n${n}`);
    nc.add(b, 0, b.length, 1);
  }
  const s = nc.exportState();
  return { labels: s.names, counts: s.counts, errors: s.errors, floor: s.floor };
}

function merge(a: TopKSummary, b: TopKSummary): TopKSummary {
  const m = mergeTopK(a, b, K);
  return { labels: m.labels, counts: m.counts, errors: m.errors, floor: m.floor };
}

describe('mergeTopK', () => {
  it('keeps the Space-Saving bounds over any split and merge tree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((parts) =>
          fc.tuple(
            fc.constant(parts),
            // Skewed names over an alphabet larger than K: a few heavy, many light.
            fc.array(
              fc.tuple(unitArb, fc.nat(parts - 1)).map(([u, part]) => [Math.floor(u * u * 60), part] as const),
              { maxLength: 2000, size: 'max' },
            ),
            mergeTreeArb(parts),
          ),
        ),
        ([parts, stream, tree]) => {
          const split = Array.from({ length: parts }, (_, p) => stream.filter(([, q]) => q === p).map(([n]) => n));
          const merged = mergeByTree(split.map(summaryOf), tree, merge);
          const truth = new Map<string, number>();
          for (const [n] of stream) truth.set(`n${n}`, (truth.get(`n${n}`) ?? 0) + 1);
          expect(merged.labels.length).toBeLessThanOrEqual(K);
          expect(merged.floor).toBeLessThanOrEqual(stream.length / K);
          merged.labels.forEach((name, i) => {
            const t = truth.get(name) ?? 0;
            const error = merged.errors?.[i] ?? 0;
            expect(t, name).toBeLessThanOrEqual(merged.counts[i]!);
            expect(t, name).toBeGreaterThanOrEqual(merged.counts[i]! - error);
            expect(error).toBeLessThanOrEqual(merged.floor);
          });
          for (const [name, t] of truth)
            if (t > merged.floor) expect(merged.labels, `${name} (${t} > floor ${merged.floor})`).toContain(name);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is exact (no error, floor 0) while the union fits', () => {
    const m = mergeTopK(summaryOf([1, 1, 2]), summaryOf([2, 3]), K);
    expect(m.labels).toEqual(['n1', 'n2', 'n3']);
    expect([...m.counts]).toEqual([2, 2, 1]);
    expect([...m.errors]).toEqual([0, 0, 0]);
    expect(m.floor).toBe(0);
  });

  it('keeps the k largest, ties by name, and says where each came from', () => {
    const a: TopKSummary = { labels: ['a', 'b', 'c'], counts: Float64Array.of(5, 1, 3), errors: null, floor: 0 };
    const b: TopKSummary = { labels: ['b', 'd'], counts: Float64Array.of(2, 3), errors: null, floor: 0 };
    const m = mergeTopK(a, b, 3);
    // b (1 + 2), c and d tie at 3: by name, b and c stay and d goes; the floor is the largest dropped.
    expect(m.labels).toEqual(['a', 'b', 'c']);
    expect([...m.counts]).toEqual([5, 3, 3]);
    expect([...m.fromA]).toEqual([0, 1, 2]);
    expect([...m.fromB]).toEqual([-1, 0, -1]);
    expect(m.floor).toBe(3);
  });
});

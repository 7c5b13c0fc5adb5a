// foldPartials (many partials of a window at once, as a cluster viewer merges them) against the one
// aggregator that saw the whole stream, and against mergePartials folded pairwise past the limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyPartial, mergePartials, type WindowPartial } from '../../../../src-main/engine/window/partial';
import { foldPartials } from '../../../../src-main/engine/window/partial-fold';
import { recordOfPartial } from '../../../../src-main/engine/window/partial-record';
import { feed, streamArb, type StreamShape } from '../../../support/partial-streams';

const SMALL: StreamShape = { names: 40, users: 300, tagKeys: 12, tagValues: 20, maxLagMs: 4000 };
/** Past the exact limits: names and users beyond 10,000. */
const LARGE: StreamShape = { names: 14_000, users: 12_000, tagKeys: 20, tagValues: 40, maxLagMs: 0 };

/** Each window's partials over the shards, an empty one where a shard had none. */
function windowsOf(shards: WindowPartial[][]): WindowPartial[][] {
  const starts = [...new Set(shards.flatMap((s) => s.map((p) => p.start_ms)))].sort((a, b) => a - b);
  return starts.map((start) => {
    const some = shards.flatMap((s) => s.filter((p) => p.start_ms === start))[0]!;
    return shards.map(
      (s) => s.find((p) => p.start_ms === start) ?? { ...emptyPartial(start, some.end_ms, some.window_ms), partial: some.partial },
    );
  });
}

const valueCount = (r: ReturnType<typeof recordOfPartial>) => r.event_counts.reduce((n, row) => n + (row.values?.count ?? 0), 0);

describe('foldPartials', () => {
  it('gives the single aggregator record of every window within the exact limits, whatever the order', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((shards) => fc.tuple(fc.constant(shards), streamArb(SMALL, { maxOps: 300, seconds: 4, shards }), fc.boolean())),
        ([shards, ops, reversed]) => {
          const fed = feed({ window_seconds: 2, top_n: 1000 }, ops, shards, false);
          windowsOf(fed.shards).forEach((parts, i) => {
            const folded = foldPartials(reversed ? [...parts].reverse() : parts);
            const single = fed.single[i]!;
            const at = { topN: 1000 };
            expect(recordOfPartial({ ...folded, connections_peak: single.connections_peak }, at)).toEqual(recordOfPartial(single, at));
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('past the limits keeps every event and value, the same names and users as the pairwise fold', () => {
    fc.assert(
      fc.property(streamArb(LARGE, { maxOps: 30_000, seconds: 2, shards: 6 }), (ops) => {
        const fed = feed({ window_seconds: 60, top_n: 1000 }, ops, 6, false);
        for (const parts of windowsOf(fed.shards)) {
          const folded = foldPartials(parts);
          const pairwise = parts.reduce((a, b) => mergePartials(a, b));
          expect(folded.names).toEqual(pairwise.names);
          expect(folded.users).toEqual(pairwise.users);
          expect(folded.events).toBe(pairwise.events);
          const [rf, rp] = [recordOfPartial(folded, { topN: 1000 }), recordOfPartial(pairwise, { topN: 1000 })];
          expect(rf.summary).toEqual(rp.summary);
          expect(valueCount(rf)).toBeCloseTo(valueCount(rp), 6);
        }
      }),
      { numRuns: 3 },
    );
  });

  it('refuses partials of other windows as mergePartials does', () => {
    expect(() => foldPartials([emptyPartial(0, 60_000, 60_000), emptyPartial(60_000, 120_000, 60_000)])).toThrow(/starting at/);
    expect(() => foldPartials([])).toThrow(/no partials/);
  });
});

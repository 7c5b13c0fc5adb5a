// Window partials (DESIGN §9): a stream split over 1–8 shards, each counted by its own Aggregator,
// and their partials merged in any order and tree shape, gives the single aggregator's partial
// on every exact field, and estimates within their stated bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyPartial, mergePartials, type WindowPartial } from '../../../../src-main/engine/window/partial';
import { recordOfPartial } from '../../../../src-main/engine/window/partial-record';
import { feed, mergeByTree, mergeTreeArb, streamArb, T0, type StreamShape } from '../../../support/partial-streams';

/** Within the exact limits: 40 names, 60 users, tags within 16 keys × 32 values. */
const SMALL: StreamShape = { names: 40, users: 300, tagKeys: 12, tagValues: 20, maxLagMs: 4000 };

const settingsArb = fc.record({
  window_seconds: fc.constantFrom(1, 2, 60),
  event_time: fc.boolean(),
  lateness_ms: fc.constantFrom(0, 1000),
  top_n: fc.constantFrom(3, 1000),
});

/** The partial with what merging may legitimately change set aside: connections (the merge sums shards' peaks). */
function exactFields(p: WindowPartial): WindowPartial {
  return { ...p, connections_peak: 0, connections_seen: true };
}

/**
 * Every shard's partials merged as `tree` says, window by window, matched by start as a coordinator
 * does: a stop right on a window's start closes a zero-length window only in shards that hold
 * something there, and the others count as empty.
 */
function mergedWindows(shards: WindowPartial[][], tree: number[]): { merged: WindowPartial; filled: boolean }[] {
  const starts = [...new Set(shards.flatMap((s) => s.map((p) => p.start_ms)))].sort((a, b) => a - b);
  return starts.map((start) => {
    const some = shards.flatMap((s) => s.filter((p) => p.start_ms === start))[0]!;
    const filler = { ...emptyPartial(start, some.end_ms, some.window_ms), partial: some.partial };
    const parts = shards.map((s) => s.find((p) => p.start_ms === start) ?? filler);
    return { merged: mergeByTree(parts, tree, mergePartials), filled: parts.includes(filler) };
  });
}

describe('mergePartials of a stream split over shards', () => {
  it('equals the single aggregator on every field within the exact limits (connections: an upper bound)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((shards) =>
            fc.tuple(
              fc.constant(shards),
              streamArb(SMALL, { maxOps: 400, seconds: 5, shards }),
              settingsArb,
              fc.boolean(),
              mergeTreeArb(shards),
            ),
          ),
        ([shards, ops, settings, cut, tree]) => {
          const fed = feed(settings, ops, shards, cut);
          const windows = mergedWindows(fed.shards, tree);
          const merged = windows.map((w) => w.merged);
          expect(merged.map(exactFields)).toEqual(fed.single.map(exactFields));
          // Each shard's peak bounds its own share at any instant, so their sum bounds the total's peak
          // (where a shard had no partial, its connections are the coordinator's to know).
          windows.forEach((w, i) => {
            if (!w.filled) expect(w.merged.connections_peak).toBeGreaterThanOrEqual(fed.single[i]!.connections_peak);
          });
          // And so the records, the one thing made from them, are the same too.
          merged.forEach((m, i) => {
            const single = recordOfPartial(fed.single[i]!, { topN: settings.top_n });
            const record = recordOfPartial({ ...m, connections_peak: fed.single[i]!.connections_peak }, { topN: settings.top_n });
            expect(record).toEqual(single);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is commutative, and merging an empty partial changes nothing', () => {
    fc.assert(
      fc.property(streamArb(SMALL, { maxOps: 300, seconds: 3, shards: 2 }), ([...ops]) => {
        const fed = feed({ window_seconds: 60 }, ops, 2, false);
        const [a, b] = [fed.shards[0]![0]!, fed.shards[1]![0]!];
        expect(mergePartials(a, b)).toEqual(mergePartials(b, a));
        const empty = emptyPartial(a.start_ms, a.end_ms, a.window_ms);
        expect({ ...mergePartials(a, empty), connections_seen: true }).toEqual({ ...a, connections_seen: true });
      }),
      { numRuns: 40 },
    );
  });

  it('does not change its inputs', () => {
    const fed = feed(
      { window_seconds: 60 },
      fc.sample(streamArb(SMALL, { maxOps: 500, seconds: 3, shards: 2 }), { numRuns: 1, seed: 7 })[0]!,
      2,
      false,
    );
    const [a, b] = [fed.shards[0]![0]!, fed.shards[1]![0]!];
    const copies = [structuredClone(a), structuredClone(b)];
    mergePartials(a, b);
    expect([a, b]).toEqual(copies);
  });
});

describe('mergePartials refuses partials of different windows', () => {
  const base = emptyPartial(T0, T0 + 60_000, 60_000);

  it('of another window size', () => {
    expect(() => mergePartials(base, emptyPartial(T0, T0 + 60_000, 30_000))).toThrow(/60000 ms and 30000 ms windows/);
  });

  it('of another start', () => {
    expect(() => mergePartials(base, emptyPartial(T0 + 60_000, T0 + 120_000, 60_000))).toThrow(
      /starting at 2025-11-29T12:03:00.000Z and 2025-11-29T12:04:00.000Z/,
    );
  });

  it('counted under other limits', () => {
    expect(() => mergePartials(base, { ...base, users_limit: 5 })).toThrow(/users exactly to 10000 and to 5/);
    expect(() => mergePartials(base, { ...base, names: { ...base.names, capacity: 5 } })).toThrow(/counting names exactly/);
  });
});

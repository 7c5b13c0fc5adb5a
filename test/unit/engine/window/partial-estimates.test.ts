// Window partials past the exact limits (DESIGN §9): more than 10,000 names and users in a window,
// split over shards and merged, give the single aggregator's HyperLogLog registers (so the same
// estimates, within 3 standard errors 1.04/√m of the truth), top-k within the mergeable-summary
// bounds (sketch/top-k-merge.ts), quantiles within 1 % of the exact ones, and lose no value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineParser } from '../../../../src-main/engine/parse/line-parser';
import { newParsedEvent, VALUE_MEASURE } from '../../../../src-main/engine/parse/parsed-event';
import { HyperLogLog } from '../../../../src-main/engine/sketch/hll';
import { QUANTILE_ACCURACY } from '../../../../src-main/engine/sketch/value-stats';
import { mergePartials, type WindowPartial } from '../../../../src-main/engine/window/partial';
import { recordOfPartial } from '../../../../src-main/engine/window/partial-record';
import { feed, lineArb, mergeByTree, mergeTreeArb, streamArb, T0, type Op, type StreamShape } from '../../../support/partial-streams';

const LARGE: StreamShape = { names: 60_000, users: 40_000, tagKeys: 20, tagValues: 60, maxLagMs: 0 };
const parser = new LineParser();

/** What each line of `ops` adds: its name, its count, and the (value, weight) pairs quantiles rank. */
function truthOf(ops: Op[]) {
  const counts = new Map<string, number>();
  const ranked = new Map<string, number[]>();
  const users = new Set<string>();
  let values = 0;
  const ev = newParsedEvent();
  for (const op of ops) {
    if (op.kind !== 'line') continue;
    const buf = Buffer.from(op.text.replace(/,"lag":\d+/, ''));
    parser.parse(buf, 0, buf.length, ev);
    const name = ev.nameBuf.toString('utf8', ev.nameStart, ev.nameEnd);
    counts.set(name, (counts.get(name) ?? 0) + ev.count);
    if (ev.userEnd >= 0) users.add(ev.userBuf.toString('utf8', ev.userStart, ev.userEnd));
    if (!Number.isNaN(ev.value)) values += ev.valueKind === VALUE_MEASURE ? ev.count : 1;
    // Measurements, weighted by their count (whole here), repeated: the exact weighted ranks.
    if (ev.valueKind === VALUE_MEASURE) ranked.set(name, [...(ranked.get(name) ?? []), ...new Array<number>(ev.count).fill(ev.value)]);
  }
  return { counts, ranked, users, values };
}

function within3Se(estimate: number, truth: number, registers: number): void {
  expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(3 * (1.04 / Math.sqrt(registers)) * truth);
}

function valuesCounted(p: WindowPartial): number {
  return (p.details ?? []).reduce((n, d) => n + (d?.values?.count ?? 0), 0) + (p.other?.values?.count ?? 0);
}

describe('merged partials past the exact limits', () => {
  it('more than 10,000 names and users: the same HLL registers, top-k within its bounds, no value lost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), fc.integer({ min: 14_000, max: 22_000 }), (shards, seed, n) => {
        const lines = fc.sample(lineArb(LARGE), { numRuns: n, seed });
        const ops: Op[] = lines.map((text, i) => ({ kind: 'line', text, at: T0 + i, shard: (i * 7 + seed) % shards }));
        const fed = feed({ window_seconds: 60 }, ops, shards, false);
        const tree = fc.sample(mergeTreeArb(shards), { numRuns: 1, seed })[0]!;
        const single = fed.single[0]!;
        const merged = mergeByTree(
          fed.shards.map((s) => s[0]!),
          tree,
          mergePartials,
        );
        const truth = truthOf(ops);
        const { names } = merged;
        expect(truth.counts.size).toBeGreaterThan(10_000);
        for (const field of ['events', 'bytes', 'per_second', 'users'] as const) expect(merged[field]).toEqual(single[field]);
        expect(names.exact).toBe(false);
        expect(names.registers).toEqual(single.names.registers);
        within3Se(HyperLogLog.fromRegisters(names.registers!).estimate(), truth.counts.size, names.registers!.length);
        if (truth.users.size > 10_000) within3Se(recordOfPartial(merged, { topN: 10 }).summary.distinct_users, truth.users.size, 1 << 14);
        else expect(merged.users.keys).toHaveLength(truth.users.size);
        // Top-k: each kept count bounds the truth from above, count − error from below; error ≤
        // floor ≤ n / k; every name above the floor kept.
        expect(names.names.length).toBeLessThanOrEqual(names.capacity);
        expect(names.floor).toBeLessThanOrEqual(merged.events / names.capacity);
        const kept = new Set(names.names);
        names.names.forEach((name, i) => {
          const t = truth.counts.get(name)!;
          expect(t).toBeLessThanOrEqual(names.counts[i]!);
          expect(t).toBeGreaterThanOrEqual(names.counts[i]! - names.errors![i]!);
          expect(names.errors![i]!).toBeLessThanOrEqual(names.floor);
        });
        for (const [name, t] of truth.counts) if (t > names.floor) expect(kept.has(name), `${name}: ${t} > ${names.floor}`).toBe(true);
        // What names dropped had went to (other): every value is still counted once.
        expect(valuesCounted(merged)).toBe(truth.values);
        expect(valuesCounted(single)).toBe(truth.values);
      }),
      { numRuns: 6 },
    );
  });

  it('quantiles of a merge within 1 % of the exact ones (DDSketch), sums exact but for float rounding', () => {
    const FEW_NAMES: StreamShape = { names: 4, users: 50, tagKeys: 4, tagValues: 4, maxLagMs: 0 };
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((shards) =>
            fc.tuple(fc.constant(shards), streamArb(FEW_NAMES, { maxOps: 600, seconds: 20, shards }), mergeTreeArb(shards)),
          ),
        ([shards, ops, tree]) => {
          const fed = feed({ window_seconds: 60 }, ops, shards, false);
          const merged = mergeByTree(
            fed.shards.map((s) => s[0]!),
            tree,
            mergePartials,
          );
          const truth = truthOf(ops);
          for (const row of recordOfPartial(merged, { topN: 1000 }).event_counts) {
            const ranked = [...(truth.ranked.get(row.event) ?? [])].sort((a, b) => a - b);
            if (ranked.length === 0 || row.values?.p50 == null) continue;
            for (const [q, got] of [
              [0.5, row.values.p50],
              [0.9, row.values.p90!],
              [0.99, row.values.p99!],
            ] as const) {
              const want = ranked[Math.floor(q * (ranked.length - 1))]!;
              expect(Math.abs(got - want), `${row.event} p${q * 100}`).toBeLessThanOrEqual(QUANTILE_ACCURACY * Math.abs(want) + 1e-9);
            }
          }
          // Float sums depend on their order; these values are quarters, so any order gives the
          // same sum, and a relative 1e-12 is what is promised for any values.
          const single = recordOfPartial(fed.single[0]!, { topN: 1000 }).event_counts;
          for (const row of recordOfPartial(merged, { topN: 1000 }).event_counts) {
            const s = single.find((r) => r.event === row.event)!;
            if (row.values) expect(Math.abs(row.values.sum - s.values!.sum)).toBeLessThanOrEqual(1e-12 * Math.abs(s.values!.sum));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gauges of one name over several shards: the level set last (by arrival) wins', () => {
    const GAUGES: StreamShape = { names: 3, users: 2, tagKeys: 1, tagValues: 1, maxLagMs: 0 };
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 8 })
          .chain((shards) => fc.tuple(fc.constant(shards), streamArb(GAUGES, { maxOps: 200, seconds: 3, shards }), mergeTreeArb(shards))),
        ([shards, ops, tree]) => {
          // Absolute levels only: a delta moves the level its own shard knows (see EventDetail.gauge_at).
          const absolute = ops.map((o) => (o.kind === 'line' ? { ...o, text: o.text.replace(/^(g[^:]*:)[+-]?/, '$1') } : o));
          const fed = feed({ window_seconds: 60 }, absolute, shards, false, { gaugesOnOneShard: false });
          const merged = mergeByTree(
            fed.shards.map((s) => s[0]!),
            tree,
            mergePartials,
          );
          const gauges = (p: WindowPartial) => recordOfPartial(p, { topN: 1000 }).event_counts.map((r) => [r.event, r.gauge_last]);
          expect(gauges(merged)).toEqual(gauges(fed.single[0]!));
        },
      ),
      { numRuns: 60 },
    );
  });
});

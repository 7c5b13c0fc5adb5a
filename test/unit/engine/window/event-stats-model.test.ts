// EventStats keeps each name's details in flat arrays (the first user and first ranked value
// inline, objects only past them), for speed at a million names. Its answers must be those of the
// plain object model: one EventEntry per kept name fed value by value, and evicted entries merged
// into `(other)`. Random records (counter steps alone through addStep) and evictions, compared on
// every export.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as pe from '../../../../src-main/engine/parse/parsed-event';
import { hashHi, hashLo } from '../../../../src-main/engine/sketch/hash';
import { SmallDistinct } from '../../../../src-main/engine/sketch/small-distinct';
import { TagCounts } from '../../../../src-main/engine/sketch/tag-counts';
import { ValueStats } from '../../../../src-main/engine/sketch/value-stats';
import { EventEntry, GaugeLevels } from '../../../../src-main/engine/window/event-entry';
import { EventStats } from '../../../../src-main/engine/window/event-stats';

const IDS = 6;

type Op =
  { evict: number } | { id: number; user: number | null; kind: number; value: number; count: number; tag: number | null; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ evict: fc.integer({ min: 0, max: IDS - 1 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      id: fc.integer({ min: 0, max: IDS - 1 }),
      user: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
      kind: fc.constantFrom(pe.VALUE_NONE, pe.VALUE_MEASURE, pe.VALUE_COUNTER, pe.VALUE_GAUGE, pe.VALUE_GAUGE_DELTA),
      value: fc.integer({ min: -50, max: 5000 }),
      count: fc.constantFrom(1, 2, 0.5),
      tag: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      at: fc.integer({ min: 0, max: 5 }),
    }),
  },
);

/** The object model: what EventStats did before its fields went flat. */
class ModelStats {
  entries = new Map<number, EventEntry>();
  other: EventEntry | null = null;
  constructor(private readonly gauges: GaugeLevels) {}

  record(op: Exclude<Op, { evict: number }>, userBytes: Buffer | null): void {
    const e = this.entries.get(op.id) ?? new EventEntry();
    this.entries.set(op.id, e);
    e.used = true;
    if (userBytes) (e.users ??= new SmallDistinct()).add(hashLo(userBytes, 0, userBytes.length), hashHi(userBytes, 0, userBytes.length));
    if (op.kind !== pe.VALUE_NONE) {
      let value = op.value;
      if (op.kind === pe.VALUE_GAUGE_DELTA) value += e.gauge === e.gauge ? e.gauge : (this.gauges.get(`n${op.id}`) ?? 0);
      if (op.kind === pe.VALUE_GAUGE || op.kind === pe.VALUE_GAUGE_DELTA) {
        e.gauge = value;
        e.gaugeAt = op.at;
      }
      const values = (e.values ??= new ValueStats());
      if (op.kind === pe.VALUE_COUNTER) values.addStep(value, 1);
      else values.add(value, op.kind === pe.VALUE_MEASURE ? op.count : 1);
    }
    if (op.tag !== null) (e.tags ??= new TagCounts()).add('k', `v${op.tag}`, op.count);
  }

  evict(id: number): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    (this.other ??= new EventEntry()).merge(e);
    this.entries.delete(id);
  }
}

function eventOf(op: Exclude<Op, { evict: number }>, userBytes: Buffer | null, tagBytes: Buffer | null): pe.ParsedEvent {
  const ev = pe.newParsedEvent();
  ev.count = op.count;
  ev.value = op.value;
  ev.valueKind = op.kind;
  if (userBytes) {
    ev.userBuf = userBytes;
    ev.userStart = 0;
    ev.userEnd = userBytes.length;
  }
  if (tagBytes) {
    ev.tagsFormat = pe.TAGS_STATSD;
    ev.tagsBuf = tagBytes;
    ev.tagsStart = 0;
    ev.tagsEnd = tagBytes.length;
  }
  return ev;
}

describe('EventStats against the object model', () => {
  it('exports the same details and (other) row for any records and evictions, window after window', () => {
    fc.assert(
      fc.property(fc.array(fc.array(opArb, { maxLength: 120 }), { minLength: 1, maxLength: 3 }), (windows) => {
        const gaugesA = new GaugeLevels();
        const gaugesB = new GaugeLevels();
        const stats = new EventStats(gaugesA, (id) => `n${id}`);
        const ids = Array.from({ length: IDS }, (_, i) => i);
        for (const ops of windows) {
          const model = new ModelStats(gaugesB);
          for (const op of ops) {
            if ('evict' in op) {
              stats.evict(op.evict);
              model.evict(op.evict);
              continue;
            }
            const user = op.user === null ? null : Buffer.from(`user-${op.user}`);
            const tag = op.tag === null ? null : Buffer.from(`k:v${op.tag}`);
            const u = user ?? Buffer.alloc(0);
            // A counter step alone takes addStep, as WindowState sends it.
            if (op.kind === pe.VALUE_COUNTER && user === null && tag === null) stats.addStep(op.id, op.value);
            else stats.record(op.id, eventOf(op, user, tag), hashLo(u, 0, u.length), hashHi(u, 0, u.length), op.at);
            model.record(op, user);
          }
          expect(stats.exportDetails(ids)).toEqual(ids.map((id) => model.entries.get(id)?.exportDetail() ?? null));
          expect(stats.evictedDetail()).toEqual(model.other?.exportDetail() ?? null);
          stats.keepGauges(ids);
          for (const [id, e] of model.entries) if (e.gauge === e.gauge) gaugesB.set(`n${id}`, e.gauge);
          stats.reset();
        }
      }),
      { numRuns: 300 },
    );
  });
});

// The per-event details section of the partial codec (partial-codec.ts): one event's users, values
// (with the few values kept as they came, or a DDSketch), gauge and tags. Each writeX has a readX
// that reads back the same value or refuses with a PartialFormatError.
//
// Detail: a flags byte (0: none; else 1 and a bit for each part present), then the parts present.
// A NaN gauge (no gauge line) is a clear bit, not 8 bytes.
// Values: count, sum, min, max, the few (value, weight) pairs, a sketch byte, the sketch.
// Sketch: count, zero count, the positive and the negative store; a store: its count and its bins
// as (key, weight) pairs, keys ascending as a zigzag first key, then gaps less 1.
// Tags: the keys in code-unit order, each with its total and its values (code-unit order), their
// counts and errors.
import { MAX_TAG_KEYS, MAX_TAG_VALUES, type TagCountsState, type TagKeyState } from '../sketch/tag-counts';
import type { SketchState, StoreState } from '../sketch/ddsketch-state';
import { SMALL_EXACT_LIMIT } from '../sketch/small-distinct';
import { FEW_VALUES, type ValueStatsState } from '../sketch/value-stats';
import type { ByteReader, ByteWriter } from './partial-bytes';
import type { EventDetail } from './partial';
import { readKeySet, writeKeySet } from './partial-sketch-codec';

const PRESENT = 1;
const USERS = 2;
const VALUES = 4;
const GAUGE = 8;
const GAUGE_AT = 16;
const TAGS = 32;
const KNOWN = PRESENT | USERS | VALUES | GAUGE | GAUGE_AT | TAGS;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function writeDetail(w: ByteWriter, d: EventDetail | null): void {
  if (d === null) {
    w.u8(0);
    return;
  }
  const hasGauge = d.gauge === d.gauge;
  const hasGaugeAt = d.gauge_at === d.gauge_at;
  w.u8(
    PRESENT | (d.users ? USERS : 0) | (d.values ? VALUES : 0) | (hasGauge ? GAUGE : 0) | (hasGaugeAt ? GAUGE_AT : 0) | (d.tags ? TAGS : 0),
  );
  if (d.users) writeKeySet(w, d.users);
  if (d.values) writeValues(w, d.values);
  if (hasGauge) w.number(d.gauge);
  if (hasGaugeAt) w.number(d.gauge_at);
  if (d.tags) writeTags(w, d.tags);
}

export function readDetail(r: ByteReader, what: string): EventDetail | null {
  const at = r.pos;
  const flags = r.u8(what);
  if (flags === 0) return null;
  if ((flags & PRESENT) === 0 || (flags & ~KNOWN) !== 0) r.fail(`${what}: unknown detail flags ${flags}`, at);
  return {
    users: flags & USERS ? readKeySet(r, 'event users', SMALL_EXACT_LIMIT) : null,
    values: flags & VALUES ? readValues(r, what) : null,
    gauge: flags & GAUGE ? r.number('event gauge') : NaN,
    gauge_at: flags & GAUGE_AT ? r.number('event gauge time') : NaN,
    tags: flags & TAGS ? readTags(r, what) : null,
  };
}

function writeValues(w: ByteWriter, v: ValueStatsState): void {
  w.count(v.count);
  w.number(v.sum);
  w.number(v.min);
  w.number(v.max);
  const few = v.few;
  if (few.length % 2 !== 0) throw new RangeError('values: few values go in (value, weight) pairs');
  w.varint(few.length / 2);
  for (let i = 0; i < few.length; i += 2) {
    w.number(few[i]!);
    w.count(few[i + 1]!);
  }
  w.u8(v.sketch ? 1 : 0);
  if (v.sketch) writeSketch(w, v.sketch);
}

function readValues(r: ByteReader, what: string): ValueStatsState {
  const count = r.count('event value count');
  const sum = r.number('event value sum');
  const min = r.number('event value min');
  const max = r.number('event value max');
  const pairs = r.length('event few values', 2, FEW_VALUES);
  const few = new Float64Array(2 * pairs);
  for (let i = 0; i < few.length; i += 2) {
    few[i] = r.number('event value');
    few[i + 1] = r.count('event value weight');
  }
  const at = r.pos;
  const hasSketch = r.u8('event sketch flag');
  if (hasSketch > 1) r.fail(`${what} sketch flag: ${hasSketch} is not 0 or 1`, at);
  return { count, sum, min, max, few, sketch: hasSketch ? readSketch(r) : null };
}

function writeSketch(w: ByteWriter, s: SketchState): void {
  w.count(s.count);
  w.count(s.zero);
  writeStore(w, s.positive);
  writeStore(w, s.negative);
}

function readSketch(r: ByteReader): SketchState {
  return {
    count: r.count('event sketch count'),
    zero: r.count('event sketch zero count'),
    positive: readStore(r, 'event sketch positive bins'),
    negative: readStore(r, 'event sketch negative bins'),
  };
}

function writeStore(w: ByteWriter, s: StoreState): void {
  w.count(s.count);
  const { keys, counts } = s;
  if (counts.length !== keys.length) throw new RangeError('sketch store: one weight a key');
  w.varint(keys.length);
  for (let i = 0; i < keys.length; i++) {
    // varint() refuses a negative gap: keys out of order or repeated are not a store.
    if (i === 0) w.number(keys[0]!);
    else w.varint(keys[i]! - keys[i - 1]! - 1);
    w.count(counts[i]!);
  }
}

function readStore(r: ByteReader, what: string): StoreState {
  const count = r.count('event sketch store count');
  const n = r.length(what, 2);
  const keys = new Int32Array(n);
  const counts = new Float64Array(n);
  let key = 0;
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    key = i === 0 ? r.number('event sketch bin key') : key + 1 + r.varint('event sketch bin key');
    if (!(Number.isInteger(key) && key >= INT32_MIN && key <= INT32_MAX)) r.fail(`${what}: key ${key} is not a 32-bit integer`, at);
    keys[i] = key;
    counts[i] = r.count('event sketch bin weight');
  }
  return { count, keys, counts };
}

function writeTags(w: ByteWriter, tags: TagCountsState): void {
  w.varint(tags.length);
  for (const k of tags) {
    w.string(k.key);
    w.count(k.total);
    const n = k.values.length;
    if (k.counts.length !== n || k.errors.length !== n) throw new RangeError('tags: a count and an error a value');
    w.varint(n);
    for (let i = 0; i < n; i++) {
      w.string(k.values[i]!);
      w.count(k.counts[i]!);
      w.count(k.errors[i]!);
    }
  }
}

function readTags(r: ByteReader, what: string): TagCountsState {
  // A key takes at least 3 bytes (its name's length, total, value count); 16 keys and `(other)` at most.
  const n = r.length('event tag keys', 3, MAX_TAG_KEYS + 1);
  const tags: TagKeyState[] = new Array<TagKeyState>(n);
  for (let k = 0; k < n; k++) {
    const at = r.pos;
    const key = r.string('event tag key');
    if (k > 0 && !(tags[k - 1]!.key < key)) r.fail(`${what}: tag key ${k} is not after tag key ${k - 1} in code-unit order`, at);
    const total = r.count('event tag total');
    const m = r.length('event tag values', 3, MAX_TAG_VALUES);
    const values = new Array<string>(m);
    const counts = new Float64Array(m);
    const errors = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const vat = r.pos;
      values[i] = r.string('event tag value');
      if (i > 0 && !(values[i - 1]! < values[i]!))
        r.fail(`${what}: tag value ${i} is not after tag value ${i - 1} in code-unit order`, vat);
      counts[i] = r.count('event tag value count');
      errors[i] = r.count('event tag value error');
    }
    tags[k] = { key, total, values, counts, errors };
  }
  return tags;
}

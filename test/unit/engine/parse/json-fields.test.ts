import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UNKNOWN_FIELD, fieldOf, knownKeyAt } from '../../../../src-main/engine/parse/json-fields';

/** The known keys by field number. */
const KEYS = ['event', 'ts', 'user', 'value', 'tags'];

/** Text made mostly of the keys' letters and quotes, so that near misses are common. */
const nearKeys = fc.string({ unit: fc.constantFrom(...'eventsuralg"x'), maxLength: 8 });
const keyish = fc.oneof(
  fc.constantFrom(...KEYS),
  nearKeys,
  fc.tuple(fc.constantFrom(...KEYS), nearKeys).map(([k, rest]) => k + rest),
);

describe('fieldOf', () => {
  it('names each known key and nothing else, whatever the bytes around the range', () => {
    fc.assert(
      fc.property(nearKeys, keyish, nearKeys, (before, key, after) => {
        const buf = Buffer.from(before + key + after, 'latin1');
        const expected = KEYS.indexOf(key);
        expect(fieldOf(buf, before.length, before.length + key.length)).toBe(expected < 0 ? UNKNOWN_FIELD : expected);
      }),
    );
  });
});

describe('knownKeyAt', () => {
  it('recognises a known key only when its closing quote is before end', () => {
    fc.assert(
      fc.property(nearKeys, keyish, fc.nat(10), (before, text, cut) => {
        const buf = Buffer.from(before + text + '"more', 'latin1');
        const end = Math.min(before.length + text.length + 1, buf.length - cut);
        const rest = buf.toString('latin1', before.length, Math.max(before.length, end));
        const expected = KEYS.findIndex((k) => rest.startsWith(`${k}"`));
        expect(knownKeyAt(buf, before.length, end)).toBe(expected < 0 ? UNKNOWN_FIELD : expected);
      }),
    );
  });

  it('leaves tsx, tag and even to the scan', () => {
    for (const key of ['tsx', 'tag', 'even', 'users', 'Event']) {
      expect(knownKeyAt(Buffer.from(`${key}":1`), 0, key.length + 3), key).toBe(UNKNOWN_FIELD);
    }
  });
});

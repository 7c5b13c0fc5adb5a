import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIsoTime } from '../../../../src-main/engine/parse/iso-time';

function parse(text: string): number {
  const buf = Buffer.from(`"${text}"`, 'latin1');
  return parseIsoTime(buf, 1, buf.length - 1);
}

const BASE = Date.UTC(2025, 10, 29, 12, 3, 7);

describe('parseIsoTime', () => {
  it.each([
    ['2025-11-29T12:03:07Z', BASE],
    ['2025-11-29t12:03:07z', BASE],
    ['2025-11-29 12:03:07Z', BASE],
    ['2025-11-29T12:03:07.123Z', BASE + 123],
    ['2025-11-29T12:03:07.1Z', BASE + 100],
    ['2025-11-29T12:03:07,5Z', BASE + 500],
    ['2025-11-29T12:03:07.123999999Z', BASE + 123],
    ['2025-11-29T12:03Z', BASE - 7000],
    ['2025-11-29T12:03:07+01:00', BASE - 3_600_000],
    ['2025-11-29T12:03:07-05:30', BASE + 5.5 * 3_600_000],
    ['2025-11-29T12:03:07+0100', BASE - 3_600_000],
    ['2025-11-29T12:03:07+01', BASE - 3_600_000],
    ['2025-11-29', Date.UTC(2025, 10, 29)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0001-01-01T00:00:00Z', Date.parse('0001-01-01T00:00:00Z')],
  ])('reads %s', (text, ms) => {
    expect(parse(text)).toBe(ms);
  });

  it.each([
    '',
    'yesterday',
    '2025-11-29T12:03:07',
    '2025-11-29T12:03:07.Z',
    '2025-13-01T00:00:00Z',
    '2025-00-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-11-29T24:00:00Z',
    '2025-11-29T12:60:00Z',
    '2025-11-29T12:03:60Z',
    '2025-11-29T12:03:07+24:00',
    '2025-11-29T12:03:07+01:60',
    '2025-11-29T12:03:07+1',
    '2025-11-29T12:03:07+01:0',
    '2025-11-29T12:03:07Zjunk',
    '2025-11-29X12:03:07Z',
    '25-11-29',
    '2025-1-29',
    '2025/11/29',
    '2025-11-29T',
    '1764374400000',
  ])('refuses %j', (text) => {
    expect(parse(text)).toBeNaN();
  });

  it('agrees with Date for any instant written by toISOString() and with any offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (ms, offsetMin) => {
          const iso = new Date(ms).toISOString();
          expect(parse(iso)).toBe(ms);
          const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, -1);
          const abs = Math.abs(offsetMin);
          const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parse(local + zone)).toBe(ms);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// One time zone rule: utc, local or an IANA zone; written with the offset of each instant, and a
// time without a zone read in the zone it will be written in, across daylight-saving changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, isTimeZone, parseInZone, zoneOffsetMinutes } from '../../../src-shared/time-zones';

const BERLIN = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();

describe('time zones', () => {
  it('knows utc, local and IANA names, and nothing else', () => {
    for (const z of ['utc', 'local', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'UTC']) expect(isTimeZone(z), z).toBe(true);
    for (const z of ['mars', 'Mars/Base', '', 'local time', 42, null]) expect(isTimeZone(z), String(z)).toBe(false);
  });

  it('writes an instant with the offset it has in the zone, on both sides of a change', () => {
    expect(formatInZone(Date.UTC(2025, 2, 30, 0, 59, 59, 999), BERLIN)).toBe('2025-03-30T01:59:59.999+01:00');
    expect(formatInZone(Date.UTC(2025, 2, 30, 1), BERLIN)).toBe('2025-03-30T03:00:00.000+02:00');
    expect(formatInZone(Date.UTC(2025, 10, 29, 12, 3), 'America/New_York')).toBe('2025-11-29T07:03:00.000-05:00');
    expect(formatInZone(Date.UTC(2025, 10, 29, 12, 3), 'Asia/Kathmandu')).toBe('2025-11-29T17:48:00.000+05:45');
    expect(formatInZone(Date.UTC(2025, 10, 29, 12, 3), 'utc')).toBe('2025-11-29T12:03:00.000Z');
  });

  it('reads a time with a zone as it says, and one without in the zone given', () => {
    expect(iso(parseInZone('2025-11-29T12:00:00Z', BERLIN))).toBe('2025-11-29T12:00:00.000Z');
    expect(iso(parseInZone('2025-11-29T12:00:00+05:00', 'utc'))).toBe('2025-11-29T07:00:00.000Z');
    expect(iso(parseInZone('2025-11-29T12:00', BERLIN))).toBe('2025-11-29T11:00:00.000Z');
    expect(iso(parseInZone('2025-11-29 12:00:07.5', 'America/New_York'))).toBe('2025-11-29T17:00:07.500Z');
    expect(iso(parseInZone('2025-11-29', BERLIN))).toBe('2025-11-28T23:00:00.000Z');
    expect(iso(parseInZone('2025-11-29T12:00', 'utc'))).toBe('2025-11-29T12:00:00.000Z');
    expect(parseInZone('soon', BERLIN)).toBeNaN();
  });

  it('reads a wall-clock time a change skips with the offset before it, and one it repeats as the first', () => {
    expect(iso(parseInZone('2025-03-30T02:30', BERLIN))).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST
    expect(iso(parseInZone('2025-10-26T02:30', BERLIN))).toBe('2025-10-26T00:30:00.000Z'); // the first 02:30, CEST
    expect(iso(parseInZone('2025-10-26T03:30', BERLIN))).toBe('2025-10-26T02:30:00.000Z');
  });

  it('round-trips every instant through its own zone, whatever the zone', () => {
    const zone = fc.constantFrom('utc', 'local', BERLIN, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), zone, (ms, z) => {
        const text = formatInZone(ms, z);
        expect(parseInZone(text, 'utc')).toBe(ms);
        // The written offset is the zone's at that instant.
        const m = /([+-])(\d\d):(\d\d)$/.exec(text);
        const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
        expect(offset).toBe(zoneOffsetMinutes(ms, z));
      }),
      { numRuns: 3000 },
    );
  });
});

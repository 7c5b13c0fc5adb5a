import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, isoAt } from '../../../../../src-renderer/src/lib/format/time';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatAge', () => {
  it('counts seconds under a minute', () => {
    expect(formatAge(ago(0), NOW)).toBe('0 s');
    expect(formatAge(ago(12), NOW)).toBe('12 s');
    expect(formatAge(ago(59.4), NOW)).toBe('59 s');
  });

  it('counts whole minutes under an hour, rounding down', () => {
    expect(formatAge(ago(60), NOW)).toBe('1 min');
    expect(formatAge(ago(4 * 60 + 59), NOW)).toBe('4 min');
  });

  it('counts hours and minutes from an hour on', () => {
    expect(formatAge(ago(3600), NOW)).toBe('1 h 0 min');
    expect(formatAge(ago(2 * 3600 + 5 * 60 + 30), NOW)).toBe('2 h 5 min');
  });

  it('shows 0 s for a time after now (the engine clock a little ahead), never a negative age', () => {
    expect(formatAge(ago(-3), NOW)).toBe('0 s');
  });
});

describe('formatDuration', () => {
  it('names a span in its largest exact unit', () => {
    expect(formatDuration(300)).toBe('5 minutes');
    expect(formatDuration(7200)).toBe('2 hours');
    expect(formatDuration(90)).toBe('90 seconds');
  });

  it('uses the singular for one of a unit', () => {
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(3600)).toBe('1 hour');
  });

  it('says 0 seconds for nothing', () => {
    expect(formatDuration(0)).toBe('0 seconds');
  });
});

describe('isoAt', () => {
  it('gives the ISO 8601 UTC string of an epoch-ms instant', () => {
    expect(isoAt(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoAt(NOW)).toBe('2025-06-01T12:00:00.000Z');
  });
});

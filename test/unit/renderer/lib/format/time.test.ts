import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatDuration, isoAt, localInputToIso } from '../../../../../src-renderer/src/lib/format/time';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatClock', () => {
  it('shows the local time of day as 24-hour hh:mm:ss', () => {
    expect(formatClock(new Date(2025, 0, 2, 14, 3, 7).toISOString())).toMatch(/^14\D03\D07$/);
  });

  it('shows the first hour after midnight as 00, not 24', () => {
    expect(formatClock(new Date(2025, 0, 2, 0, 5, 7).toISOString())).toMatch(/^00\D05\D07$/);
  });
});

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

describe('localInputToIso', () => {
  // A zone away from UTC, so reading the input as UTC would give a different instant.
  let savedTz: string | undefined;
  beforeEach(() => {
    savedTz = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
  });
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('reads a datetime-local value as local time and gives the UTC instant', () => {
    expect(localInputToIso('2025-01-02T14:03:07')).toBe('2025-01-02T08:33:07.000Z');
    expect(localInputToIso('2025-01-02T14:03')).toBe('2025-01-02T08:33:00.000Z');
  });

  it('gives "" for an empty or blank field (no bound)', () => {
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('   ')).toBe('');
  });

  it('gives null for text that is not a date', () => {
    expect(localInputToIso('tomorrow')).toBeNull();
  });
});

describe('isoAt', () => {
  it('gives the ISO 8601 UTC string of an epoch-ms instant', () => {
    expect(isoAt(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoAt(NOW)).toBe('2025-06-01T12:00:00.000Z');
  });
});

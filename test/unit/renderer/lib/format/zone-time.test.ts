import { describe, expect, it } from 'vitest';
import {
  clockInZone,
  dateInZone,
  dayNumberInZone,
  monthDayInZone,
  windowSpanText,
  zonedInputToIso,
} from '../../../../../src-renderer/src/lib/format/zone-time';

const at = (iso: string) => Date.parse(iso);

describe('clockInZone', () => {
  it('shows the wall clock of the zone, 24-hour, whatever the machine runs in', () => {
    expect(clockInZone(at('2025-01-02T14:03:07Z'), 'utc')).toBe('14:03:07');
    expect(clockInZone(at('2025-01-02T14:03:07Z'), 'America/New_York')).toBe('09:03:07');
    expect(clockInZone(at('2025-07-02T14:03:07Z'), 'America/New_York')).toBe('10:03:07');
    expect(clockInZone(at('2025-01-02T14:03:07Z'), 'Asia/Kolkata')).toBe('19:33:07');
  });

  it('shows the first hour after midnight as 00, not 24, and can leave the seconds out', () => {
    expect(clockInZone(at('2025-01-02T00:05:07Z'), 'utc')).toBe('00:05:07');
    expect(clockInZone(at('2025-01-02T00:05:07Z'), 'utc', false)).toBe('00:05');
  });
});

describe('dateInZone and dayNumberInZone', () => {
  it('give the calendar day of the zone, which may differ from the UTC one', () => {
    expect(dateInZone(at('2025-01-02T03:00:00Z'), 'utc')).toBe('2025-01-02');
    expect(dateInZone(at('2025-01-02T03:00:00Z'), 'America/New_York')).toBe('2025-01-01');
    expect(monthDayInZone(at('2025-01-02T03:00:00Z'), 'America/New_York')).toBe('01-01');
    expect(dayNumberInZone(at('2025-01-02T03:00:00Z'), 'America/New_York')).toBe(dayNumberInZone(at('2025-01-01T12:00:00Z'), 'utc'));
  });
});

describe('windowSpanText', () => {
  const today = '2025-06-01';

  it("shows only the times for a window of today, in the page's zone", () => {
    expect(windowSpanText(at('2025-06-01T14:03:00Z'), at('2025-06-01T14:04:00Z'), 'utc', today)).toBe('14:03:00–14:04:00');
    expect(windowSpanText(at('2025-06-01T14:03:00Z'), at('2025-06-01T14:04:00Z'), 'America/New_York', today)).toBe('10:03:00–10:04:00');
  });

  it('shows the date of a window from another day', () => {
    expect(windowSpanText(at('2025-05-31T14:03:00Z'), at('2025-05-31T14:03:10Z'), 'utc', today)).toBe('2025-05-31 14:03:00–14:03:10');
    // 02:00 UTC on the 1st is still the 31st in New York.
    expect(windowSpanText(at('2025-06-01T02:00:00Z'), at('2025-06-01T02:01:00Z'), 'America/New_York', today)).toBe(
      '2025-05-31 22:00:00–22:01:00',
    );
  });

  it('treats the end as exclusive: a window ending at midnight ends on its own day', () => {
    expect(windowSpanText(at('2025-06-01T23:59:00Z'), at('2025-06-02T00:00:00Z'), 'utc', today)).toBe('23:59:00–00:00:00');
  });

  it('dates both ends of a window that runs past midnight', () => {
    expect(windowSpanText(at('2025-06-01T23:30:00Z'), at('2025-06-02T00:30:00Z'), 'utc', today)).toBe(
      '2025-06-01 23:30:00–2025-06-02 00:30:00',
    );
  });
});

describe('zonedInputToIso', () => {
  it('reads a datetime-local value as the wall clock of the zone and gives the UTC instant', () => {
    expect(zonedInputToIso('2025-01-02T14:03:07', 'utc')).toBe('2025-01-02T14:03:07.000Z');
    expect(zonedInputToIso('2025-01-02T14:03:07', 'America/New_York')).toBe('2025-01-02T19:03:07.000Z');
    expect(zonedInputToIso('2025-07-02T14:03', 'America/New_York')).toBe('2025-07-02T18:03:00.000Z');
    expect(zonedInputToIso('2025-01-02T14:03:07', 'Asia/Kolkata')).toBe('2025-01-02T08:33:07.000Z');
  });

  it('gives "" for an empty or blank field (no bound), null for text that is no time', () => {
    expect(zonedInputToIso('', 'utc')).toBe('');
    expect(zonedInputToIso('   ', 'America/New_York')).toBe('');
    expect(zonedInputToIso('tomorrow', 'utc')).toBeNull();
  });
});

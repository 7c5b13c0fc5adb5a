// Times on screen in the page's one zone (the export form's choice: UTC or this browser's IANA zone),
// built on src-shared/time-zones.ts so the page and the exported file agree to the offset. Plain,
// so unit tests run it in Node under any TZ.
import { formatInZone, parseInZone, zoneOffsetMinutes } from '../../../../src-shared/time-zones';
import type { TimeZoneName } from '../../../../src-shared/time-zones';

const DAY_MS = 86_400_000;

/** The wall clock of `zone` at `ms`, read as if it were UTC: its getUTC* parts are the zone's. */
function wall(ms: number, zone: TimeZoneName): Date {
  return new Date(ms + zoneOffsetMinutes(ms, zone) * 60_000);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:03:07" (or "14:03" without seconds), 24-hour, in `zone`. */
export function clockInZone(ms: number, zone: TimeZoneName, seconds = true): string {
  const d = wall(ms, zone);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

/** "2025-06-01": the calendar day of `ms` in `zone`. */
export function dateInZone(ms: number, zone: TimeZoneName): string {
  return formatInZone(ms, zone).slice(0, 10);
}

/** "06-01": the day without its year, short enough for an axis label. */
export function monthDayInZone(ms: number, zone: TimeZoneName): string {
  return dateInZone(ms, zone).slice(5);
}

/** Days since 1970-01-01 of the calendar day `ms` falls on in `zone`: equal numbers, same day. */
export function dayNumberInZone(ms: number, zone: TimeZoneName): number {
  return Math.floor(wall(ms, zone).getTime() / DAY_MS);
}

/**
 * A window's span as the History table shows it: "14:03:00–14:04:00" for a window of `today` (the
 * page's date in `zone`, from dateInZone), with its date when it is from another day
 * ("2025-06-01 14:03:00–14:04:00"), and the end's date too when it ends on a later day than it
 * starts. The end is exclusive: a window ending at midnight ends on the day it started.
 */
export function windowSpanText(startMs: number, endMs: number, zone: TimeZoneName, today: string): string {
  const startDate = dateInZone(startMs, zone);
  const endDate = dateInZone(Math.max(startMs, endMs - 1), zone);
  const start = clockInZone(startMs, zone);
  const end = clockInZone(endMs, zone);
  if (endDate !== startDate) return `${startDate} ${start}–${endDate} ${end}`;
  if (startDate !== today) return `${startDate} ${start}–${end}`;
  return `${start}–${end}`;
}

/**
 * The ISO UTC instant of an <input type="datetime-local"> value read as a wall-clock time in
 * `zone` (the input itself has no zone), "" for an empty field, or null when it is not a time.
 */
export function zonedInputToIso(value: string, zone: TimeZoneName): string | null | '' {
  if (value.trim() === '') return '';
  const ms = parseInZone(value, zone);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

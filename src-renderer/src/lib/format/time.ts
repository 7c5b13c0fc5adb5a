// Times arrive as ISO 8601 UTC strings; the screen shows them in the viewer's local time.
import { countOf } from './numbers';

// hourCycle h23, not hour12: false: engines differ in what that resolves to (Node 20 picks h24 for
// en-US and shows 00:05 as "24:05"; Chromium picks h23), so say which clock is meant.
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** "14:03:07" in local time. */
export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

/** How long ago, coarse: "12 s", "4 min", "2 h". */
export function formatAge(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A span of whole seconds in its largest exact unit: "5 minutes", "1 hour", "90 seconds". */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return countOf(seconds / 3600, 'hour');
  if (seconds > 0 && seconds % 60 === 0) return countOf(seconds / 60, 'minute');
  return countOf(seconds, 'second');
}

/**
 * The ISO UTC instant of an <input type="datetime-local"> value (which is local time, no zone),
 * "" for an empty field, or null when it is not a date.
 */
export function localInputToIso(value: string): string | null | '' {
  if (value.trim() === '') return '';
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** An epoch-ms instant as the ISO 8601 UTC string the Api takes. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

// Spans and ages. Times of day are shown in the page's zone: see zone-time.ts.
import { countOf } from './numbers';

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

/** An epoch-ms instant as the ISO 8601 UTC string the Api takes. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

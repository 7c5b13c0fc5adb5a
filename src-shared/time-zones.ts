// One time zone rule for every place that shows or reads a time (DESIGN §4, the CSV's `tz`): a
// zone is `utc`, `local` (the zone of the process doing the work: the server for an export, the
// browser for the page) or an IANA name such as `Europe/Berlin`, which means the same everywhere.
// Times are written as ISO 8601 with the offset of each instant (so a daylight-saving change
// inside a range is right on both sides), and a time without a zone is read in the zone it will be
// written in. Pure, on the platform's Intl: runs in Node and in the browser alike.

/** `utc`, `local`, or an IANA zone name. */
export type TimeZoneName = 'utc' | 'local' | (string & {});

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter of wall-clock parts in `zone`; throws RangeError for a zone Intl does not know. */
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `name` is utc, local, or a zone this platform knows. */
export function isTimeZone(name: unknown): name is TimeZoneName {
  if (name === 'utc' || name === 'local') return true;
  if (typeof name !== 'string' || name === '' || name.length > 64) return false;
  try {
    partsFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/** Minutes to add to UTC to get the wall clock of `zone` at the instant `ms`. */
export function zoneOffsetMinutes(ms: number, zone: TimeZoneName): number {
  if (zone === 'utc') return 0;
  if (zone === 'local') return 0 - new Date(ms).getTimezoneOffset(); // 0 - x: never -0
  const p: Record<string, number> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  // The wall clock read as if it were UTC, against the instant (seconds of both, so the ms cancel).
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The instant `ms` as ISO 8601 in `zone`: `…Z` for utc, else the wall clock with its offset (`+02:00`). */
export function formatInZone(ms: number, zone: TimeZoneName): string {
  if (zone === 'utc') return new Date(ms).toISOString();
  const offset = zoneOffsetMinutes(ms, zone);
  const d = new Date(ms + offset * 60_000);
  const abs = Math.abs(offset);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
    `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** A date and time without a zone: `2025-11-29`, `2025-11-29T12:03`, `…:07`, `…:07.250` (a space for the T too). */
const ZONELESS = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?)?$/;

/**
 * The instant `text` names, as epoch ms, NaN when it is no time: text with a zone (`Z`, `+02:00`)
 * means what it says; text without one is a wall-clock time in `zone`. A wall-clock time that a
 * daylight-saving change skips is read with the offset before the change; one it repeats, as the
 * first of the two.
 */
export function parseInZone(text: string, zone: TimeZoneName): number {
  const m = ZONELESS.exec(text.trim());
  if (!m) return Date.parse(text);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0')));
  if (!Number.isFinite(wall)) return NaN;
  // The offset a day either side of the wall time: zones change it at most once in between.
  const early = wall - zoneOffsetMinutes(wall - 86_400_000, zone) * 60_000;
  const late = wall - zoneOffsetMinutes(wall + 86_400_000, zone) * 60_000;
  const fits = (t: number) => t + zoneOffsetMinutes(t, zone) * 60_000 === wall;
  if (fits(early) && fits(late)) return Math.min(early, late);
  if (fits(late)) return late;
  // Fits the offset before a change, or no offset at all (a skipped hour): the offset before.
  return early;
}

// ISO 8601 timestamps read from bytes into epoch milliseconds, without Date or strings: the JSON
// `ts` field may be one on every line. Accepted forms (RFC 3339 and the common ISO 8601 ones):
//   2025-11-29                      midnight UTC
//   2025-11-29T12:03                with `T`, `t` or a space between date and time
//   2025-11-29T12:03:07.123456Z     fraction of any length (`.` or `,`), read to the millisecond
//   ...+01:00  ...-0530  ...+01     offsets; `Z`/`z` for UTC
// A date with a time but no offset is rejected: its zone would be a guess.

import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { COLON, COMMA, DIGIT_0, DOT, LOWER_T, LOWER_Z, MINUS, PLUS, SPACE, UPPER_T, UPPER_Z } = ascii;

const MS_PER_DAY = 86_400_000;

// Timestamps on consecutive lines nearly always share their date: the last one's day number is
// kept so that the calendar arithmetic runs once per date, not once per line.
let cachedDateKey = -1;
let cachedDays = 0;

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of `count` ASCII digits at `at`, or -1 when they are not all digits (or run past end). */
function digitsAt(buf: Uint8Array, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let v = 0;
  for (let k = 0; k < count; k++) {
    const d = buf[at + k] - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Epoch milliseconds of the ISO 8601 timestamp in bytes [start, end), or NaN when it is not one of the accepted forms. */
export function parseIsoTime(buf: Uint8Array, start: number, end: number): number {
  const year = digitsAt(buf, start, 4, end);
  if (year < 0 || buf[start + 4] !== MINUS) return NaN;
  const month = digitsAt(buf, start + 5, 2, end);
  if (month < 1 || month > 12 || buf[start + 7] !== MINUS) return NaN;
  const day = digitsAt(buf, start + 8, 2, end);
  if (day < 1 || day > daysInMonth(year, month)) return NaN;
  const dateKey = (year * 13 + month) * 32 + day;
  if (dateKey !== cachedDateKey) {
    cachedDays = daysFromCivil(year, month, day);
    cachedDateKey = dateKey;
  }
  const dateMs = cachedDays * MS_PER_DAY;
  let i = start + 10;
  if (i === end) return dateMs;
  const sep = buf[i];
  if (sep !== UPPER_T && sep !== LOWER_T && sep !== SPACE) return NaN;
  const hour = digitsAt(buf, i + 1, 2, end);
  if (hour < 0 || hour > 23 || buf[i + 3] !== COLON) return NaN;
  const minute = digitsAt(buf, i + 4, 2, end);
  if (minute < 0 || minute > 59) return NaN;
  i += 6;
  let second = 0;
  let ms = 0;
  if (i < end && buf[i] === COLON) {
    second = digitsAt(buf, i + 1, 2, end);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (i < end && (buf[i] === DOT || buf[i] === COMMA)) {
      const from = ++i;
      // Digits past the millisecond are read (they must be digits) and truncated.
      for (let scale = 100; i < end; i++, scale /= 10) {
        const d = buf[i] - DIGIT_0;
        if (d < 0 || d > 9) break;
        if (scale >= 1) ms += d * scale;
      }
      if (i === from) return NaN;
    }
  }
  const offsetMin = readOffset(buf, i, end);
  if (Number.isNaN(offsetMin)) return NaN;
  return dateMs + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + ms;
}

/** Minutes east of UTC of the zone designator filling bytes [at, end), NaN when there is none or it is malformed. */
function readOffset(buf: Uint8Array, at: number, end: number): number {
  if (at >= end) return NaN;
  const c = buf[at];
  if (c === UPPER_Z || c === LOWER_Z) return at + 1 === end ? 0 : NaN;
  if (c !== PLUS && c !== MINUS) return NaN;
  const hours = digitsAt(buf, at + 1, 2, end);
  if (hours < 0 || hours > 23) return NaN;
  let i = at + 3;
  let minutes = 0;
  if (i < end) {
    if (buf[i] === COLON) i++;
    minutes = digitsAt(buf, i, 2, end);
    if (minutes < 0 || minutes > 59 || i + 2 !== end) return NaN;
  }
  const total = hours * 60 + minutes;
  return c === MINUS ? -total : total;
}

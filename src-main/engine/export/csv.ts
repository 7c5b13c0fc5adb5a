// CSV building blocks (DESIGN §4): RFC 4180 fields and rows, spreadsheet-formula neutralising,
// number and time formatting. Pure functions; the file layouts live in csv-export.ts.
import type { ExportTimeZone } from '../../../src-shared/api';
import { formatInZone } from '../../../src-shared/time-zones';

/** RFC 4180 line ending. */
export const CSV_EOL = '\r\n';

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Prefixes `'` to text a spreadsheet would read as a formula. For text we did not write; never for our numbers. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds a comma, quote, CR or LF or starts or ends with a space; quotes are doubled. */
export function quoteField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A field holding outside text (an event name): neutralised, then quoted as needed. */
export function textField(text: string): string {
  return quoteField(neutraliseFormula(text));
}

/** One CSV record of already formatted fields, CRLF included. */
export function csvRow(fields: readonly string[]): string {
  return fields.join(',') + CSV_EOL;
}

/**
 * A number without needless trailing zeros, rounded to at most `maxDecimals` places (default 3):
 * 2 -> "2", 2.5 -> "2.5", 1/3 -> "0.333". Not finite -> empty field.
 */
export function formatNumber(value: number, maxDecimals = 3): string {
  if (!Number.isFinite(value)) return '';
  const scale = 10 ** maxDecimals;
  return String(Math.round(value * scale) / scale);
}

/** What toISOString writes; the journal stores times this way, so UTC output can skip a Date. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * An instant as ISO 8601 in `tz` (src-shared/time-zones.ts): `utc` -> `2025-11-29T12:03:00.000Z`;
 * `local` or a zone such as `Europe/Berlin` -> the wall clock with its offset,
 * `2025-03-30T03:00:00.000+02:00`, looked up per instant. Text that is not a time is returned as it is.
 */
export function formatTime(iso: string, tz: ExportTimeZone): string {
  if (tz === 'utc' && CANONICAL_UTC.test(iso)) return iso;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatInZone(ms, tz) : iso;
}

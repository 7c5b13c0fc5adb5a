// CSV building blocks (DESIGN §4): RFC 4180 fields and rows, spreadsheet-formula neutralising,
// number and time formatting. Pure functions; the file layouts live in csv-export.ts.
import type { ExportTimeZone } from '../../../src-shared/api';

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

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** What toISOString writes; the journal stores times this way, so UTC output can skip a Date. */
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * An instant as ISO 8601: `utc` -> `2025-11-29T12:03:00.000Z`; `local` -> the machine's local
 * time with its offset, `2025-03-30T03:00:00.000+02:00`. The offset is looked up per instant, so
 * a daylight-saving change inside an export is right on both sides. Text that is not a time is
 * returned as it is.
 */
export function formatTime(iso: string, tz: ExportTimeZone): string {
  if (tz === 'utc' && CANONICAL_UTC.test(iso)) return iso;
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return iso;
  if (tz === 'utc') return d.toISOString();
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

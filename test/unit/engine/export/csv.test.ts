import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvRow, formatNumber, formatTime, neutraliseFormula, quoteField, textField } from '../../../../src-main/engine/export/csv';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Sets the process time zone; Node re-reads TZ when it is assigned. */
function useTimeZone(tz: string): void {
  vi.stubEnv('TZ', tz);
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(tz);
}

describe('quoteField', () => {
  it('leaves plain text, non-ASCII included, unquoted', () => {
    expect(quoteField('signup')).toBe('signup');
    expect(quoteField('café ☕ 日本')).toBe('café ☕ 日本');
  });

  it('quotes a comma, quote, CR, LF or an edge space, doubling quotes', () => {
    expect(quoteField('a,b')).toBe('"a,b"');
    expect(quoteField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteField('a\r\nb')).toBe('"a\r\nb"');
    expect(quoteField('a\nb')).toBe('"a\nb"');
    expect(quoteField(' padded')).toBe('" padded"');
    expect(quoteField('padded ')).toBe('"padded "');
  });
});

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx'])('prefixes %j with a single quote', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text alone, a formula character later in it too', () => {
    for (const text of ['signup', '(other)', 'a=b', "'quoted", '', ' =x']) expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('csvRow', () => {
  it('ends with CRLF and joins with commas', () => {
    expect(csvRow(['a', '1', ''])).toBe('a,1,\r\n');
  });

  it('round-trips any text through a real CSV parser, formula starts read back neutralised', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('=', '+', '-', '@', '\t', '\r', ',', '"', '\n', ' ')),
        (texts, starts) => {
          const fields = texts.map((t, i) => (starts[i] ?? '') + t);
          const text = csvRow(fields.map(textField)) + csvRow(['end']);
          const rows = parse(text, { record_delimiter: '\r\n', relax_column_count: true }) as string[][];
          expect(rows[0]).toEqual(fields.map(neutraliseFormula));
          expect(rows[1]).toEqual(['end']);
        },
      ),
    );
  });
});

describe('formatNumber', () => {
  it('writes no needless trailing zeros and at most three decimals', () => {
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(100 / 60)).toBe('1.667');
    expect(formatNumber(1 / 3)).toBe('0.333');
    expect(formatNumber(0.0004)).toBe('0');
    expect(formatNumber(123_456_789)).toBe('123456789');
  });

  it('writes an empty field for a number that is not finite', () => {
    expect(formatNumber(Number.NaN)).toBe('');
    expect(formatNumber(Infinity)).toBe('');
  });
});

describe('formatTime', () => {
  it('writes UTC with Z and milliseconds, whatever ISO form it is given', () => {
    expect(formatTime('2025-11-29T12:03:00.000Z', 'utc')).toBe('2025-11-29T12:03:00.000Z');
    expect(formatTime('2025-11-29T12:03:00Z', 'utc')).toBe('2025-11-29T12:03:00.000Z');
    expect(formatTime('2025-11-29T13:03:00+01:00', 'utc')).toBe('2025-11-29T12:03:00.000Z');
  });

  it('writes local time with the offset in force at each instant across the spring DST change', () => {
    useTimeZone('Europe/Berlin');
    expect(formatTime('2025-03-30T00:59:00.000Z', 'local')).toBe('2025-03-30T01:59:00.000+01:00');
    expect(formatTime('2025-03-30T01:00:00.000Z', 'local')).toBe('2025-03-30T03:00:00.000+02:00');
  });

  it('tells the two local hours of the autumn DST change apart by their offsets', () => {
    useTimeZone('Europe/Berlin');
    expect(formatTime('2025-10-26T00:30:00.000Z', 'local')).toBe('2025-10-26T02:30:00.000+02:00');
    expect(formatTime('2025-10-26T01:30:00.000Z', 'local')).toBe('2025-10-26T02:30:00.000+01:00');
  });

  it('writes negative and half-hour offsets, and +00:00 rather than Z for local UTC', () => {
    useTimeZone('America/St_Johns');
    expect(formatTime('2025-01-15T12:00:00.000Z', 'local')).toBe('2025-01-15T08:30:00.000-03:30');
    useTimeZone('UTC');
    expect(formatTime('2025-01-15T12:00:00.000Z', 'local')).toBe('2025-01-15T12:00:00.000+00:00');
  });

  it('writes local times that parse back to the same instant', () => {
    useTimeZone('Australia/Lord_Howe');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(Date.parse(formatTime(iso, 'local'))).toBe(ms);
      }),
    );
  });
});

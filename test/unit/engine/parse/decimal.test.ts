import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, scanJsonNumber } from '../../../../src-main/engine/parse/decimal';

function parse(text: string): number {
  const buf = Buffer.from(`|${text}|`, 'latin1');
  return parseDecimal(buf, 1, buf.length - 1);
}

function scan(text: string): number {
  const buf = Buffer.from(text, 'latin1');
  return scanJsonNumber(buf, 0, buf.length);
}

const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max });

/** Decimal texts with long and short mantissas and exponents, to cover the fast path and the fallback. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    digits(25),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 25 }), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 })), { nil: undefined }),
  )
  .map(
    ([sign, int, frac, exp]) =>
      `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`,
  );

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-42', -42],
    ['+42', 42],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['0.1', 0.1],
    ['1764374400000', 1764374400000],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1e400', Infinity],
    ['-1e400', -Infinity],
    ['1e-400', 0],
  ])('reads %s as %d', (text, value) => {
    expect(parse(text)).toBe(value);
  });

  it('keeps the sign of negative zero', () => {
    expect(Object.is(parse('-0'), -0)).toBe(true);
  });

  it.each(['', '-', '+', '.', 'e3', '1e', '1e+', '1.2.3', '1 ', ' 1', 'Infinity', 'NaN', '0x10', '1_000', '--1', '1,5'])(
    'refuses %j',
    (text) => {
      expect(parse(text)).toBeNaN();
    },
  );

  it('gives exactly what Number() gives for any decimal text', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(parse(text)).toBe(Number(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        // String() writes the shortest text that reads back as d (and -0 as "0").
        expect(parse(String(d))).toBe(d === 0 ? 0 : d);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('scanJsonNumber', () => {
  it.each(['0', '-0', '12', '-1.5', '1e5', '1E+5', '1.25e-3', '0.0'])('takes the JSON number %s whole', (text) => {
    expect(scan(text)).toBe(text.length);
  });

  it('stops at the end of the number', () => {
    expect(scan('12,')).toBe(2);
    expect(scan('01')).toBe(1);
  });

  it.each(['', '-', '+1', '.5', '1.', '1.e2', '1e', '1e+', 'x'])('refuses %j', (text) => {
    expect(scan(text)).toBe(-1);
  });
});

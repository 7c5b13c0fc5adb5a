import { describe, expect, it } from 'vitest';
import * as ascii from '../../../../src-main/engine/parse/ascii';

/** Every byte constant of ascii.ts and the character its name promises. */
const NAMED: Record<string, string> = {
  BACKSPACE: '\b',
  TAB: '\t',
  LF: '\n',
  VT: '\v',
  FF: '\f',
  CR: '\r',
  SPACE: ' ',
  QUOTE: '"',
  HASH: '#',
  PLUS: '+',
  COMMA: ',',
  MINUS: '-',
  DOT: '.',
  SLASH: '/',
  COLON: ':',
  AT: '@',
  OPEN_BRACKET: '[',
  BACKSLASH: '\\',
  CLOSE_BRACKET: ']',
  OPEN_BRACE: '{',
  PIPE: '|',
  CLOSE_BRACE: '}',
  DIGIT_0: '0',
  DIGIT_9: '9',
};

describe('byte constants', () => {
  it('name the byte of the character they say', () => {
    const constants = Object.entries(ascii).filter(([name, v]) => typeof v === 'number' && name !== 'NON_ASCII');
    for (const [name, value] of constants) {
      const letter = /^(UPPER|LOWER)_([A-Z])$/.exec(name);
      const char = letter ? (letter[1] === 'UPPER' ? letter[2] : letter[2].toLowerCase()) : NAMED[name];
      expect(char, name).toBeDefined();
      expect(value, name).toBe(char.charCodeAt(0));
    }
  });

  it('NON_ASCII is the first byte above ASCII', () => {
    expect(ascii.NON_ASCII).toBe(0x80);
  });
});

/** The bytes 0-255 for which test holds. */
const bytesWhere = (test: (c: number) => boolean) => Array.from({ length: 256 }, (_, c) => c).filter(test);
const codes = (chars: string) => [...chars].map((c) => c.charCodeAt(0));

describe('isAsciiSpace', () => {
  it('is true exactly for space, tab, LF, VT, FF and CR', () => {
    expect(bytesWhere(ascii.isAsciiSpace)).toEqual([9, 10, 11, 12, 13, 32]);
  });
});

describe('isDigit and isHexDigit', () => {
  it('accept exactly the decimal digits', () => {
    expect(bytesWhere(ascii.isDigit)).toEqual(codes('0123456789'));
  });

  it('accept exactly the hex digits of either case', () => {
    expect(bytesWhere(ascii.isHexDigit)).toEqual(codes('0123456789ABCDEFabcdef'));
  });
});

describe('hexDigitValue', () => {
  it('reads each hex digit as parseInt does', () => {
    for (const c of '0123456789ABCDEFabcdef') expect(ascii.hexDigitValue(c.charCodeAt(0)), c).toBe(parseInt(c, 16));
  });
});

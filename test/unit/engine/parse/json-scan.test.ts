import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonScanner } from '../../../../src-main/engine/parse/json-scan';
import { decodeJsonString } from '../../../../src-main/engine/parse/json-string';

/** Whether the scanner takes the whole text as one JSON value (with whitespace around it). */
function scannerAccepts(scanner: JsonScanner, text: string): boolean {
  const buf = Buffer.from(text, 'utf8');
  const start = scanner.ws(buf, 0, buf.length);
  const after = scanner.value(buf, start, buf.length);
  return after >= 0 && scanner.ws(buf, after, buf.length) === buf.length;
}

function jsonParseAccepts(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Valid JSON texts damaged by one deletion, insertion or replacement, to reach the error paths. */
const damagedJson = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', '-', '.', 'e', '0', 'x', ' ', '\t', '\u0001'),
    fc.boolean(),
  )
  .map(([text, at, piece, replace]) => {
    const k = at % (text.length + 1);
    return text.slice(0, k) + piece + text.slice(replace ? k + 1 : k);
  });

describe('JsonScanner', () => {
  it('accepts every JSON text JSON.parse accepts', () => {
    const scanner = new JsonScanner();
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        expect(scannerAccepts(scanner, text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.parse on damaged texts', () => {
    const scanner = new JsonScanner();
    fc.assert(
      fc.property(damagedJson, (text) => {
        expect(scannerAccepts(scanner, text)).toBe(jsonParseAccepts(text));
      }),
      { numRuns: 10000 },
    );
  });

  it('marks a string as escaped and non-ASCII only when it is', () => {
    const scanner = new JsonScanner();
    const read = (text: string) => {
      const buf = Buffer.from(text, 'utf8');
      expect(scanner.string(buf, 0, buf.length)).toBe(buf.length);
      return [scanner.escaped, scanner.highBits >= 0x80];
    };
    expect(read('"plain"')).toEqual([false, false]);
    expect(read('"a\\nb"')).toEqual([true, false]);
    expect(read('"café"')).toEqual([false, true]);
  });
});

describe('decodeJsonString', () => {
  it('decodes to the UTF-8 of what JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (value, asciiOnly) => {
        let text = JSON.stringify(value);
        // Also the \uXXXX form of every non-ASCII character, surrogate pairs included.
        if (asciiOnly) text = text.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
        const src = Buffer.from(text, 'utf8');
        const dst = Buffer.alloc(src.length);
        const len = decodeJsonString(src, 1, src.length - 1, dst);
        expect(dst.subarray(0, len)).toEqual(Buffer.from(JSON.parse(text) as string, 'utf8'));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes a lone surrogate as bytes that are not valid UTF-8', () => {
    const src = Buffer.from('"a\\ud800b"');
    const dst = Buffer.alloc(src.length);
    const len = decodeJsonString(src, 1, src.length - 1, dst);
    expect([...dst.subarray(0, len)]).toEqual([0x61, 0xed, 0xa0, 0x80, 0x62]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8CodePoints } from '../../../../src-main/engine/parse/utf8';

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What the platform's strict decoder says: code points, or -1 when it refuses the bytes. */
function reference(bytes: Uint8Array): number {
  try {
    return [...strictDecoder.decode(bytes)].length;
  } catch {
    return -1;
  }
}

describe('utf8CodePoints', () => {
  it('counts code points of valid text, not bytes or UTF-16 units', () => {
    const text = 'aé€😀';
    const buf = Buffer.from(`xx${text}yy`);
    expect(utf8CodePoints(buf, 2, buf.length - 2)).toBe(4);
  });

  it.each([
    ['lone continuation byte', [0x80]],
    ['overlong 2-byte form', [0xc0, 0xaf]],
    ['overlong 3-byte form', [0xe0, 0x80, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated sequence', [0xe2, 0x82]],
    ['invalid lead byte', [0xff]],
  ])('rejects a %s', (_what, bytes) => {
    expect(utf8CodePoints(Buffer.from([0x61, ...bytes, 0x62]), 0, bytes.length + 2)).toBe(-1);
  });

  it('does not read a sequence past the end of its range', () => {
    const buf = Buffer.from('a€', 'utf8');
    expect(utf8CodePoints(buf, 0, buf.length - 1)).toBe(-1);
  });

  it('agrees with the strict TextDecoder on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(utf8CodePoints(bytes, 0, bytes.length)).toBe(reference(bytes));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        expect(utf8CodePoints(bytes, 0, bytes.length)).toBe(reference(bytes));
      }),
    );
  });
});

// The tag text cache must give exactly what decoding the bytes gives, whatever came before it in
// the same slot: random byte strings (UTF-8, invalid bytes, long ones) read in random order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextCache } from '../../../../src-main/engine/parse/text-cache';

describe('TextCache', () => {
  it('decodes every byte range as Buffer#toString does, hits and collisions alike', () => {
    const pool = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => Buffer.from(s)),
      fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)),
      fc.string({ minLength: 60, maxLength: 90 }).map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 200 }), (texts, order) => {
        const cache = new TextCache();
        for (const k of [...order, ...texts.keys()]) {
          const bytes = texts[k % texts.length]!;
          // Inside a larger buffer, as tags sit inside their line.
          const line = Buffer.concat([Buffer.from('ab|#'), bytes, Buffer.from(',x')]);
          expect(cache.text(line, 4, 4 + bytes.length)).toBe(bytes.toString('utf8'));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Key-set states (the exact-then-HLL distinct counters as plain data): the union of the parts'
// states is the state of one counter fed every key, exactly at and around the exact limit and
// past it (the same HLL registers), whatever the split.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter, DISTINCT_KIND } from '../../../../src-main/engine/sketch/distinct';
import { keySetCount, mergeKeySets, type KeySetState } from '../../../../src-main/engine/sketch/key-set';
import { SMALL_DISTINCT_KIND, SMALL_EXACT_LIMIT, SmallDistinct } from '../../../../src-main/engine/sketch/small-distinct';

/** n pseudo-random 64-bit hashes as [lo, hi] int32 pairs (AES-CTR of zeros, independent of hash.ts). */
function hashes(n: number, seed: number): Int32Array {
  const key = Buffer.alloc(16);
  key.writeUInt32LE(seed);
  const bytes = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(8 * n));
  return new Int32Array(bytes.buffer, bytes.byteOffset, 2 * n);
}

function smallOf(h: Int32Array, from: number, to: number): KeySetState {
  const s = new SmallDistinct();
  for (let i = from; i < to; i++) s.add(h[2 * i]!, h[2 * i + 1]!);
  return s.exportState();
}

describe('SmallDistinct states', () => {
  it('merge to the state of one counter fed all keys, around the exact limit and far past it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 5, SMALL_EXACT_LIMIT - 1, SMALL_EXACT_LIMIT, SMALL_EXACT_LIMIT + 1, 3000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (n, cut, overlap, seed) => {
          const h = hashes(n, seed);
          // Two parts that may share keys: [0, b) and [a, n) with a ≤ b.
          const b = Math.floor(cut * n);
          const a = Math.floor(b * (1 - overlap));
          const merged = mergeKeySets(smallOf(h, 0, b), smallOf(h, a, n), SMALL_DISTINCT_KIND);
          expect(merged).toEqual(smallOf(h, 0, n));
          expect(merged.keys === null).toBe(n > SMALL_EXACT_LIMIT);
        },
      ),
    );
  });

  it('export and import keep the state and the count', () => {
    for (const n of [0, 3, 60, SMALL_EXACT_LIMIT, 500]) {
      const state = smallOf(hashes(n, n), 0, n);
      const back = SmallDistinct.fromState(state);
      expect(back.exportState()).toEqual(state);
      expect(keySetCount(state)).toBe(back.count);
    }
  });
});

describe('DistinctCounter states', () => {
  function usersOf(from: number, to: number, limit = 50): KeySetState {
    const d = new DistinctCounter(limit);
    for (let i = from; i < to; i++) d.add(Buffer.from(`user-${i}`), 0, `user-${i}`.length);
    return d.exportState();
  }

  it('merge to the state of one counter fed all users (limit 50 here), exact to the limit, then the same registers', () => {
    const kind = { ...DISTINCT_KIND, limit: 50 };
    for (const [n, b, a] of [
      [50, 30, 20],
      [51, 30, 20],
      [51, 51, 0],
      [400, 200, 100],
    ] as const) {
      const merged = mergeKeySets(usersOf(0, b), usersOf(a, n), kind);
      expect(merged, `${n} users`).toEqual(usersOf(0, n));
      if (n <= 50) expect(keySetCount(merged)).toBe(n);
    }
  });
});

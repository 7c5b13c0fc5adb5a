import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashBytes, hashHi, hashLo, type HashPair } from '../../../../src-main/engine/sketch/hash';

function hashOf(bytes: Uint8Array, start = 0, end = bytes.length): HashPair {
  const out = { lo: 0, hi: 0 };
  hashBytes(bytes, start, end, out);
  return out;
}

describe('hashBytes', () => {
  it('hashes only bytes [start, end), wherever they sit in the buffer', () => {
    const alone = Buffer.from('signup.completed');
    const embedded = Buffer.from('xx{signup.completed}yy');
    expect(hashOf(embedded, 3, 3 + alone.length)).toEqual(hashOf(alone));
    expect(hashOf(embedded, 3, 3 + alone.length)).not.toEqual(hashOf(embedded, 3, 2 + alone.length));
  });

  it('writes two int32 halves and is the same on every call', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const a = hashOf(bytes);
        const b = hashOf(Uint8Array.from(bytes));
        expect(a).toEqual(b);
        expect(a.lo | 0).toBe(a.lo);
        expect(a.hi | 0).toBe(a.hi);
      }),
    );
  });

  it('has hashLo and hashHi compute each half alone, so a lookup can skip the high half', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(8), (bytes, cut) => {
        const start = Math.min(cut, bytes.length);
        expect({ lo: hashLo(bytes, start, bytes.length), hi: hashHi(bytes, start, bytes.length) }).toEqual(hashOf(bytes, start));
      }),
    );
  });

  it('tells apart keys that differ only by length, trailing zero bytes or the empty key', () => {
    const keys = ['', '\0', '\0\0', '\0\0\0', '\0\0\0\0', '\0\0\0\0\0', 'a', 'a\0', 'ab', 'abc', 'abcd', 'abcde'];
    const seen = new Set(
      keys.map((k) => {
        const h = hashOf(Buffer.from(k));
        return `${h.lo}:${h.hi}`;
      }),
    );
    expect(seen.size).toBe(keys.length);
  });

  it('flips each of the 64 output bits with probability near 1/2 when any one input bit flips', () => {
    const keys = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 40 }), { seed: 42, numRuns: 300 });
    const flips = new Float64Array(64);
    let trials = 0;
    for (const key of keys) {
      const base = hashOf(key);
      for (let bit = 0; bit < key.length * 8; bit++) {
        const changed = Uint8Array.from(key);
        changed[bit >> 3] ^= 1 << (bit & 7);
        const h = hashOf(changed);
        const dlo = base.lo ^ h.lo;
        const dhi = base.hi ^ h.hi;
        for (let b = 0; b < 32; b++) {
          flips[b] += (dlo >>> b) & 1;
          flips[32 + b] += (dhi >>> b) & 1;
        }
        trials++;
      }
    }
    for (let b = 0; b < 64; b++) {
      expect(flips[b] / trials, `output bit ${b}`).toBeGreaterThan(0.47);
      expect(flips[b] / trials, `output bit ${b}`).toBeLessThan(0.53);
    }
  });

  it('has no 64-bit collision among 1,000,000 similar keys, and 32-bit halves collide like a random function', () => {
    const n = 1_000_000;
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const buf = Buffer.alloc(32);
    const out = { lo: 0, hi: 0 };
    for (let i = 0; i < n; i++) {
      hashBytes(buf, 0, buf.write(`user-${i}`), out);
      lo[i] = out.lo;
      hi[i] = out.hi;
    }
    const countRepeats = (values: Int32Array): number => {
      const sorted = Int32Array.from(values).sort();
      let repeats = 0;
      for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) repeats++;
      return repeats;
    };
    // A random 32-bit function gives about n^2 / 2^33 = 116 repeats (standard deviation ~11).
    for (const half of [lo, hi]) {
      expect(countRepeats(half)).toBeGreaterThan(60);
      expect(countRepeats(half)).toBeLessThan(180);
    }
    const order = new Int32Array(n).map((_, i) => i).sort((a, b) => lo[a] - lo[b] || hi[a] - hi[b]);
    let pairRepeats = 0;
    for (let i = 1; i < n; i++) if (lo[order[i]] === lo[order[i - 1]] && hi[order[i]] === hi[order[i - 1]]) pairRepeats++;
    expect(pairRepeats).toBe(0);
  });

  it('spreads keys evenly over the 16,384 HyperLogLog registers (top 14 bits of hi)', () => {
    const n = 1_000_000;
    const buckets = new Float64Array(1 << 14);
    const buf = Buffer.alloc(32);
    const out = { lo: 0, hi: 0 };
    for (let i = 0; i < n; i++) {
      hashBytes(buf, 0, buf.write(`k-${i}`), out);
      buckets[out.hi >>> 18]++;
    }
    const expected = n / buckets.length;
    let chiSquare = 0;
    for (const observed of buckets) chiSquare += (observed - expected) ** 2 / expected;
    // 16,383 degrees of freedom: mean 16,383, standard deviation 181.
    expect(Math.abs(chiSquare - 16_383)).toBeLessThan(5 * 181);
  });
});

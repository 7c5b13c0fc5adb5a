import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HyperLogLog } from '../../../../src-main/engine/sketch/hll';

/** n pseudo-random 64-bit hashes as [lo, hi] int32 pairs: AES-CTR of zeros, keyed by the seed (independent of hash.ts). */
function randomHashes(n: number, seed: number): Int32Array {
  const key = Buffer.alloc(16);
  key.writeUInt32LE(seed);
  const bytes = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(8 * n));
  return new Int32Array(bytes.buffer, bytes.byteOffset, 2 * n);
}

function estimateOf(hashes: Int32Array, precision = 14): number {
  const hll = new HyperLogLog(precision);
  for (let i = 0; i < hashes.length; i += 2) hll.addHash(hashes[i], hashes[i + 1]);
  return hll.estimate();
}

describe('HyperLogLog', () => {
  it('estimates 0 when empty and after clear()', () => {
    const hll = new HyperLogLog();
    expect(hll.estimate()).toBe(0);
    hll.addHash(123, 456);
    expect(hll.estimate()).toBeGreaterThan(0);
    hll.clear();
    expect(hll.estimate()).toBe(0);
  });

  it('rejects a precision outside 4..18 or not an integer', () => {
    for (const p of [3, 19, 14.5, NaN]) expect(() => new HyperLogLog(p)).toThrow(RangeError);
    expect(new HyperLogLog(4).precision).toBe(4);
  });

  it('reports the standard error of its register count (~0.81% at precision 14)', () => {
    expect(new HyperLogLog(14).standardError).toBeCloseTo(0.008125, 5);
  });

  it('ignores a hash added again', () => {
    const hashes = randomHashes(5000, 1);
    const hll = new HyperLogLog();
    for (let i = 0; i < hashes.length; i += 2) hll.addHash(hashes[i], hashes[i + 1]);
    const once = hll.estimate();
    for (let i = 0; i < hashes.length; i += 2) hll.addHash(hashes[i], hashes[i + 1]);
    expect(hll.estimate()).toBe(once);
  });

  it('is within one or two of the truth for small counts (linear-counting range)', () => {
    const hashes = randomHashes(200, 2);
    for (const n of [1, 2, 10, 50, 200]) {
      expect(Math.abs(estimateOf(hashes.subarray(0, 2 * n)) - n), `n=${n}`).toBeLessThanOrEqual(2);
    }
  });

  it('handles hashes whose bits after the register index are all zero (the largest rank)', () => {
    const hll = new HyperLogLog(14);
    hll.addHash(0, 0); // register 0 takes rank 51, the maximum for 64-bit hashes
    hll.addHash(0, 1 << 17); // register 0 as well: hi's remaining bits start 1000...
    expect(Number.isFinite(hll.estimate())).toBe(true);
    expect(hll.estimate()).toBeGreaterThan(0.5);
    expect(hll.estimate()).toBeLessThan(3);
  });

  it('has no bias across the switch from the linear-counting to the raw range (10 seeds per size)', () => {
    for (const n of [5_000, 20_000, 40_000, 60_000, 80_000, 150_000, 400_000]) {
      let signed = 0;
      let worst = 0;
      const seeds = 10;
      for (let seed = 0; seed < seeds; seed++) {
        const error = estimateOf(randomHashes(n, 1000 * n + seed)) / n - 1;
        signed += error;
        worst = Math.max(worst, Math.abs(error));
      }
      // Standard error 0.81% per run, so ~0.26% for a mean of 10: a bias bump of 1% would show.
      expect(Math.abs(signed / seeds), `mean signed error at n=${n}`).toBeLessThan(0.009);
      expect(worst, `worst error at n=${n}`).toBeLessThan(0.03);
    }
  });

  it('keeps its error near 1.04/sqrt(m) at other precisions', () => {
    const n = 200_000;
    for (const precision of [10, 12, 16]) {
      const standardError = 1.04 / Math.sqrt(1 << precision);
      let squared = 0;
      const seeds = 8;
      for (let seed = 0; seed < seeds; seed++) squared += (estimateOf(randomHashes(n, 77 + seed), precision) / n - 1) ** 2;
      expect(Math.sqrt(squared / seeds), `precision ${precision}`).toBeLessThan(2 * standardError);
    }
  });

  it('exports its registers as bytes and is rebuilt from them with the same estimate', () => {
    const hll = new HyperLogLog(12);
    const h = randomHashes(5000, 3);
    for (let i = 0; i < h.length; i += 2) hll.addHash(h[i], h[i + 1]);
    const bytes = hll.exportRegisters();
    expect(bytes).toHaveLength(4096);
    const back = HyperLogLog.fromRegisters(bytes);
    expect(back.precision).toBe(12);
    expect(back.estimate()).toBe(hll.estimate());
    // A copy: changing the bytes changes neither sketch.
    bytes.fill(0);
    expect(back.estimate()).toBe(hll.estimate());
  });

  it('refuses registers it cannot have made: a count not 2^4..2^18, a rank above 64 − p + 1', () => {
    expect(() => HyperLogLog.fromRegisters(new Uint8Array(1000))).toThrow(RangeError);
    expect(() => HyperLogLog.fromRegisters(new Uint8Array(8))).toThrow(RangeError);
    const tooHigh = new Uint8Array(1 << 14);
    tooHigh[7] = 52;
    expect(() => HyperLogLog.fromRegisters(tooHigh)).toThrow(/register 7 holds rank 52, above 51/);
    expect(() => new HyperLogLog(14).mergeRegisters(new Uint8Array(1 << 12))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../../../src-main/engine/sketch/distinct';

const scratch = Buffer.alloc(256);

function addText(counter: DistinctCounter, text: string): void {
  counter.add(scratch, 0, scratch.write(text));
}

/** Relative errors of a fresh counter over `seeds` runs of n distinct keys `k-<seed>-<i>`. */
function errorsAt(n: number, seeds: number): { mean: number; worst: number; signed: number } {
  let sum = 0;
  let signed = 0;
  let worst = 0;
  const counter = new DistinctCounter();
  for (let seed = 0; seed < seeds; seed++) {
    counter.reset();
    for (let i = 0; i < n; i++) addText(counter, `k-${seed}-${i}`);
    expect(counter.exact).toBe(false);
    const error = counter.count / n - 1;
    sum += Math.abs(error);
    signed += error;
    worst = Math.max(worst, Math.abs(error));
  }
  return { mean: sum / seeds, worst, signed: signed / seeds };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(3)}%`;
}

describe('DistinctCounter', () => {
  it('counts exactly up to exactLimit distinct keys, however often each repeats', () => {
    const counter = new DistinctCounter();
    for (let round = 0; round < 3; round++) for (let i = 0; i < 10_000; i++) addText(counter, `user-${i}`);
    expect(counter.count).toBe(10_000);
    expect(counter.exact).toBe(true);
  });

  it('keys on the bytes of the range: same text anywhere is one key, different bytes are different keys', () => {
    const counter = new DistinctCounter();
    const line = Buffer.from('{"user":"zoë"} zoë zoe\u0308 ZOË');
    const at = (text: string, from = 0): [number, number] => {
      const start = line.indexOf(text, from);
      return [start, start + Buffer.byteLength(text)];
    };
    const [a, b] = at('zoë');
    const [c, d] = at('zoë', b);
    counter.add(line, a, b);
    counter.add(line, c, d);
    expect(counter.count).toBe(1);
    counter.add(line, ...at('zoe\u0308')); // the same letters in another normal form are other bytes
    counter.add(line, ...at('ZOË'));
    counter.add(line, 0, 0); // the empty key is a key
    expect(counter.count).toBe(4);
  });

  it('switches to an estimate at the key after exactLimit', () => {
    const counter = new DistinctCounter(100);
    for (let i = 0; i < 100; i++) addText(counter, `u${i}`);
    expect([counter.count, counter.exact]).toEqual([100, true]);
    addText(counter, 'u0');
    expect(counter.exact).toBe(true);
    addText(counter, 'u100');
    expect(counter.exact).toBe(false);
    expect(counter.count).toBe(101); // far below the register count, the estimate is exact in practice
  });

  it('estimates from the first key when exactLimit is 0', () => {
    const counter = new DistinctCounter(0);
    expect(counter.count).toBe(0);
    addText(counter, 'only');
    expect(counter.exact).toBe(false);
    expect(counter.count).toBe(1);
  });

  it('rejects a negative or fractional exactLimit and a precision outside 4..18', () => {
    expect(() => new DistinctCounter(-1)).toThrow(RangeError);
    expect(() => new DistinctCounter(2.5)).toThrow(RangeError);
    expect(() => new DistinctCounter(10, 3)).toThrow(RangeError);
    expect(() => new DistinctCounter(10, 19)).toThrow(RangeError);
  });

  it('is within 1% on average and 3% at worst at 1,000,000 distinct keys over 20 seeds (DESIGN acceptance)', () => {
    const { mean, worst, signed } = errorsAt(1_000_000, 20);
    console.info(
      `DistinctCounter at 1,000,000 over 20 seeds: mean |error| ${percent(mean)}, worst ${percent(worst)}, mean signed ${percent(signed)}`,
    );
    expect(mean).toBeLessThanOrEqual(0.01);
    expect(worst).toBeLessThanOrEqual(0.03);
  });

  it('has no jump just past the switch: 10,001, 20,000 and 100,000 keys are as accurate (20 seeds each)', () => {
    for (const n of [10_001, 20_000, 100_000]) {
      const { mean, worst, signed } = errorsAt(n, 20);
      console.info(
        `DistinctCounter at ${n} over 20 seeds: mean |error| ${percent(mean)}, worst ${percent(worst)}, mean signed ${percent(signed)}`,
      );
      expect(mean, `mean at ${n}`).toBeLessThanOrEqual(0.01);
      expect(worst, `worst at ${n}`).toBeLessThanOrEqual(0.03);
    }
  });

  it('after reset() is empty and exact again, and counts a new window exactly', () => {
    const counter = new DistinctCounter(1000);
    for (let i = 0; i < 50_000; i++) addText(counter, `first-${i}`);
    expect(counter.exact).toBe(false);
    counter.reset();
    expect([counter.count, counter.exact]).toEqual([0, true]);
    for (let i = 0; i < 500; i++) addText(counter, `first-${i % 250}`);
    expect([counter.count, counter.exact]).toEqual([250, true]);
    for (let i = 0; i < 2000; i++) addText(counter, `second-${i}`);
    expect(counter.exact).toBe(false);
    expect(Math.abs(counter.count / 2250 - 1)).toBeLessThan(0.03); // the HLL forgot the first window
  });
});

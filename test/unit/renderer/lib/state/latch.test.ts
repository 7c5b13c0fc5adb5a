import { describe, expect, it } from 'vitest';
import { Latch } from '../../../../../src-renderer/src/lib/state/latch';

describe('Latch', () => {
  it('passes every value through while live', () => {
    const latch = new Latch<number[]>();
    const a = [1];
    const b = [2];
    expect(latch.pass(false, a)).toBe(a);
    expect(latch.pass(false, b)).toBe(b);
  });

  it('holds the last live value while paused, whatever arrives, and hands back the same object', () => {
    const latch = new Latch<number[]>();
    const shown = [1];
    latch.pass(false, shown);
    expect(latch.pass(true, [2])).toBe(shown);
    expect(latch.pass(true, [3])).toBe(shown);
  });

  it('gives the newest value at once on resume', () => {
    const latch = new Latch<number[]>();
    latch.pass(false, [1]);
    latch.pass(true, [2]);
    const newest = [3];
    expect(latch.pass(false, newest)).toBe(newest);
  });

  it('lets a value of another key through once while paused, then holds that one', () => {
    const latch = new Latch<string>();
    latch.pass(false, 'signup: 3 windows', 'signup');
    expect(latch.pass(true, 'signup: 4 windows', 'signup')).toBe('signup: 3 windows');
    expect(latch.pass(true, 'login: 2 windows', 'login')).toBe('login: 2 windows');
    expect(latch.pass(true, 'login: 3 windows', 'login')).toBe('login: 2 windows');
  });

  it('never holds nothing: an event opened while paused shows once its data comes, then holds', () => {
    const latch = new Latch<string | undefined>();
    expect(latch.pass(true, undefined, 'x')).toBeUndefined();
    expect(latch.pass(true, 'x loaded', 'x')).toBe('x loaded');
    expect(latch.pass(true, 'x refreshed', 'x')).toBe('x loaded');
  });

  it('shows the first value it ever sees even when it starts paused', () => {
    expect(new Latch<number>().pass(true, 7)).toBe(7);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignStart, epochSecond, isoTime, windowSizeMs } from '../../../../src-main/engine/window/alignment';

const at = (iso: string) => Date.parse(iso);

describe('alignStart', () => {
  it('puts 12:03:27.5 in the 60 s window 12:03:00.000 to 12:04:00.000', () => {
    const size = windowSizeMs(60);
    const start = alignStart(at('2025-11-29T12:03:27.500Z'), size);
    expect(isoTime(start)).toBe('2025-11-29T12:03:00.000Z');
    expect(isoTime(start + size)).toBe('2025-11-29T12:04:00.000Z');
  });

  it('keeps a time already on a boundary as the start of its own window', () => {
    const t = at('2025-11-29T12:04:00.000Z');
    expect(alignStart(t, 60_000)).toBe(t);
    expect(alignStart(t - 1, 60_000)).toBe(at('2025-11-29T12:03:00.000Z'));
  });

  it('aligns 1 s windows to whole UTC seconds and 3600 s windows to whole UTC hours', () => {
    const t = at('2025-11-29T12:03:27.999Z');
    expect(isoTime(alignStart(t, windowSizeMs(1)))).toBe('2025-11-29T12:03:27.000Z');
    expect(isoTime(alignStart(t, windowSizeMs(3600)))).toBe('2025-11-29T12:00:00.000Z');
  });

  it('aligns times before 1970 and fractional times down, not toward zero', () => {
    expect(alignStart(-1, 1000)).toBe(-1000);
    expect(alignStart(-1000, 1000)).toBe(-1000);
    expect(alignStart(1999.75, 1000)).toBe(1000);
    expect(alignStart(-0.5, 1000)).toBe(-1000);
  });

  it('gives NaN for a time that is not finite', () => {
    expect(alignStart(NaN, 1000)).toBeNaN();
    expect(alignStart(-Infinity, 1000)).toBeNaN();
  });

  it('always returns a multiple of the size holding the time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8_640_000_000_000 }), fc.integer({ min: 1, max: 3600 }), (t, seconds) => {
        const size = windowSizeMs(seconds);
        const start = alignStart(t, size);
        expect(Number.isInteger(start / size)).toBe(true);
        expect(start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(start + size);
      }),
    );
  });
});

describe('windowSizeMs', () => {
  it('converts whole seconds from 1 to 3600 into ms', () => {
    expect(windowSizeMs(1)).toBe(1000);
    expect(windowSizeMs(3600)).toBe(3_600_000);
  });
});

describe('epochSecond', () => {
  it('floors to the epoch second, also before 1970', () => {
    expect(epochSecond(1999)).toBe(1);
    expect(epochSecond(-1)).toBe(-1);
  });
});

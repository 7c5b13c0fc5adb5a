import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, restoreBounds, sanitizeWindowPlace } from '../../../src-main/electron/window-bounds';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoreBounds', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreBounds(null, [laptop])).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('puts the window back where it was when that is on a screen', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900, maximized: false };
    expect(restoreBounds(saved, [laptop, rightMonitor])).toEqual({ x: 2100, y: 100, width: 1400, height: 900 });
  });

  it('keeps only the size when the monitor it was on is gone', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({ width: 1400, height: 900 });
  });

  it('shrinks a window larger than its screen and pulls it inside', () => {
    const saved = { x: 1900, y: -20, width: 3000, height: 2000, maximized: false };
    expect(restoreBounds(saved, [laptop, rightMonitor])).toEqual({ x: 1920, y: 0, width: 2560, height: 1400 });
  });

  it('treats a sliver left on screen as off screen', () => {
    const saved = { x: 1900, y: 100, width: 800, height: 600, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({ width: 800, height: 600 });
  });

  it('never goes below the minimum size', () => {
    const saved = { x: 10, y: 10, width: 50, height: 20, maximized: false };
    expect(restoreBounds(saved, [laptop])).toMatchObject(MIN_WINDOW_SIZE);
  });
});

describe('sanitizeWindowPlace', () => {
  it('keeps a good place and reads maximized strictly', () => {
    expect(sanitizeWindowPlace({ x: 1, y: 2, width: 3, height: 4, maximized: 'yes' })).toEqual({
      x: 1,
      y: 2,
      width: 3,
      height: 4,
      maximized: false,
    });
  });

  it('says which field is wrong', () => {
    expect(() => sanitizeWindowPlace({ x: 1, y: '2', width: 3, height: 4 })).toThrow('y must be a number');
    expect(() => sanitizeWindowPlace({ x: 1, y: 2, width: 0, height: 4 })).toThrow('width and height must be positive');
    expect(() => sanitizeWindowPlace([1, 2])).toThrow('x must be a number');
    expect(() => sanitizeWindowPlace('big')).toThrow('expected an object');
  });
});

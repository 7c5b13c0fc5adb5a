import { describe, expect, it } from 'vitest';
import { MAX_PINS, pin, unpin } from '../../../../../src-renderer/src/lib/state/pins';

describe('pin', () => {
  it('adds a name at the end', () => {
    expect(pin(['a'], 'b')).toEqual({ pins: ['a', 'b'], refused: null });
  });

  it('keeps a name once: pinning it again changes nothing and refuses nothing', () => {
    const pins = ['a', 'b'];
    const outcome = pin(pins, 'a');
    expect(outcome.pins).toBe(pins);
    expect(outcome.refused).toBeNull();
  });

  it('refuses a fifth pin with a message that names it and says what to do, leaving the four', () => {
    const four = ['a', 'b', 'c', 'd'];
    expect(MAX_PINS).toBe(4);
    const outcome = pin(four, 'e');
    expect(outcome.pins).toBe(four);
    expect(outcome.refused).toBe('4 events are pinned already, the most one chart compares: unpin one to pin e.');
  });

  it('takes a smaller limit', () => {
    expect(pin(['a'], 'b', 1).refused).toMatch(/^1 events are pinned already/);
  });
});

describe('unpin', () => {
  it('removes the name and keeps the order of the rest', () => {
    expect(unpin(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });

  it('returns the same list for a name not pinned', () => {
    const pins = ['a'];
    expect(unpin(pins, 'z')).toBe(pins);
  });
});

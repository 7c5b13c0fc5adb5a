import { describe, expect, it } from 'vitest';
import { chosenIndex, moveActive } from '../../../../../src-renderer/src/lib/state/list-nav';

describe('moveActive', () => {
  it('goes from none to the first with down and to the last with up', () => {
    expect(moveActive(-1, 3, 1)).toBe(0);
    expect(moveActive(-1, 3, -1)).toBe(2);
  });

  it('steps one at a time and wraps at both ends', () => {
    expect(moveActive(0, 3, 1)).toBe(1);
    expect(moveActive(2, 3, 1)).toBe(0);
    expect(moveActive(0, 3, -1)).toBe(2);
  });

  it('starts over when the list shrank under the active option', () => {
    expect(moveActive(5, 2, 1)).toBe(0);
  });

  it('has nothing to move to in an empty list', () => {
    expect(moveActive(0, 0, 1)).toBe(-1);
    expect(moveActive(-1, 0, -1)).toBe(-1);
  });
});

describe('chosenIndex', () => {
  it('opens the active option, else the first', () => {
    expect(chosenIndex(2, 3)).toBe(2);
    expect(chosenIndex(-1, 3)).toBe(0);
    expect(chosenIndex(7, 3)).toBe(0);
  });

  it('opens nothing from an empty list', () => {
    expect(chosenIndex(-1, 0)).toBe(-1);
  });
});

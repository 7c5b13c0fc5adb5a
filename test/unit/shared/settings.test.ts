import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_RANGES } from '../../../src-shared/types';

describe('settings contract', () => {
  it('every numeric default lies inside its documented range', () => {
    for (const [key, [lo, hi]] of Object.entries(SETTINGS_RANGES)) {
      const v = DEFAULT_SETTINGS[key as keyof typeof SETTINGS_RANGES];
      expect(v, key).toBeGreaterThanOrEqual(lo);
      expect(v, key).toBeLessThanOrEqual(hi);
    }
  });
});

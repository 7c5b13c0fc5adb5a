import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_RANGES } from '../../../src-shared/settings';

describe('settings contract', () => {
  it('every numeric default lies inside its documented range', () => {
    for (const [key, [lo, hi]] of Object.entries(SETTINGS_RANGES)) {
      const v = DEFAULT_SETTINGS[key as keyof typeof SETTINGS_RANGES];
      expect(v, key).toBeGreaterThanOrEqual(lo);
      expect(v, key).toBeLessThanOrEqual(hi);
    }
  });

  // DESIGN §2 and §3 fix these; toMatchObject so that a setting added later does not break the pin.
  it("defaults are DESIGN's: 60 s arrival-time windows, 5 s lateness, 64 KiB lines, 256-char names, 1024 connections, top 1000, 30 days", () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      window_seconds: 60,
      event_time: false,
      lateness_ms: 5000,
      max_line_bytes: 65536,
      max_name_chars: 256,
      max_connections: 1024,
      top_n: 1000,
      retention_days: 30,
    });
  });

  it("the window size ranges over DESIGN's 1 s to 1 h", () => {
    expect(SETTINGS_RANGES.window_seconds).toEqual([1, 3600]);
  });
});

import { describe, expect, it } from 'vitest';
import { tagRows } from '../../../../../src-renderer/src/lib/format/tag-rows';

describe('tagRows', () => {
  it("gives each value its count and its share of its key's total, in the engine's order", () => {
    const rows = tagRows([
      {
        key: 'route',
        values: [
          { value: '/a', count: 3 },
          { value: '/b', count: 1 },
        ],
      },
      { key: 'plan', values: [{ value: 'pro', count: 2 }] },
    ]);
    expect(rows.map((r) => [r.key, r.value, r.count, r.share, r.firstOfKey])).toEqual([
      ['route', '/a', 3, 0.75, true],
      ['route', '/b', 1, 0.25, false],
      ['plan', 'pro', 2, 1, true],
    ]);
  });

  it('counts (other) in the key, so the shares of a key add up to 1', () => {
    const rows = tagRows([
      {
        key: 'k',
        values: [
          { value: 'v', count: 1 },
          { value: '(other)', count: 3 },
        ],
      },
    ]);
    expect(rows.reduce((n, r) => n + r.share, 0)).toBe(1);
    expect(rows[1].share).toBe(0.75);
  });

  it('gives a share of 0, not NaN, to a key whose counts are all 0', () => {
    expect(tagRows([{ key: 'k', values: [{ value: 'v', count: 0 }] }])[0].share).toBe(0);
  });

  it('has no rows without tags', () => {
    expect(tagRows([])).toEqual([]);
  });
});

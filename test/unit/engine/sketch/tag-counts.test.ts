// Tag breakdowns stay bounded whatever the cardinality (16 keys, 32 values a key, the rest as
// `(other)`), keep a frequent value however late it comes, and count every occurrence somewhere.
import { describe, expect, it } from 'vitest';
import { OTHER_EVENT } from '../../../../src-shared/types';
import { MAX_TAG_KEYS, MAX_TAG_VALUES, TagCounts } from '../../../../src-main/engine/sketch/tag-counts';

describe('TagCounts', () => {
  it('lists each key with its values largest first, exactly while small', () => {
    const t = new TagCounts();
    for (const [k, v, n] of [
      ['plan', 'pro', 3],
      ['plan', 'free', 5],
      ['region', 'eu', 2],
    ] as const)
      for (let i = 0; i < n; i++) t.add(k, v, 1);
    expect(t.result()).toEqual([
      {
        key: 'plan',
        values: [
          { value: 'free', count: 5 },
          { value: 'pro', count: 3 },
        ],
      },
      { key: 'region', values: [{ value: 'eu', count: 2 }] },
    ]);
  });

  it('keeps at most 32 values a key, a heavy value that comes late included, and counts the rest as (other)', () => {
    const t = new TagCounts();
    for (let i = 0; i < 100_000; i++) t.add('user', `u${i}`, 1);
    for (let i = 0; i < 5000; i++) t.add('user', 'hot', 1);
    const [user] = t.result();
    expect(user!.values.length).toBeLessThanOrEqual(MAX_TAG_VALUES + 1);
    expect(user!.values[0]).toMatchObject({ value: 'hot' });
    expect(user!.values[0]!.count).toBeGreaterThanOrEqual(5000);
    expect(user!.values.at(-1)!.value).toBe(OTHER_EVENT);
    expect(user!.values.reduce((n, v) => n + v.count, 0)).toBe(105_000);
  });

  it('keeps at most 16 keys; later keys count under the key (other), by key name', () => {
    const t = new TagCounts();
    for (let k = 0; k < 40; k++) t.add(`k${k}`, 'v', 1);
    const keys = t.result().map((b) => b.key);
    expect(keys).toHaveLength(MAX_TAG_KEYS + 1);
    const other = t.result().find((b) => b.key === OTHER_EVENT)!;
    expect(other.values.reduce((n, v) => n + v.count, 0)).toBe(40 - MAX_TAG_KEYS);
  });
});

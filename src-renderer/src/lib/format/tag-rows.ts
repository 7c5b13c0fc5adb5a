// An event's tag breakdown as table rows: each value with its share of its key. Plain, so it runs in unit tests.
import type { TagBreakdown } from '../../../../src-shared/types';

export interface TagRow {
  key: string;
  value: string;
  count: number;
  /** count over the key's total, 0 to 1: the shares of one key add up to 1. */
  share: number;
  /** The first row of its key (the table marks where a key begins). */
  firstOfKey: boolean;
}

/**
 * Rows in the engine's order (keys by total, values by count, `(other)` last). The share is of the
 * key, not of the event: an event line without the key adds to no value of it.
 */
export function tagRows(tags: readonly TagBreakdown[]): TagRow[] {
  const rows: TagRow[] = [];
  for (const { key, values } of tags) {
    const total = values.reduce((n, v) => n + v.count, 0);
    values.forEach((v, i) => {
      rows.push({ key, value: v.value, count: v.count, share: total > 0 ? v.count / total : 0, firstOfKey: i === 0 });
    });
  }
  return rows;
}

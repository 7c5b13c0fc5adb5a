// One event over time, read from the journal's per-event rows (DESIGN §8): the names seen in a
// range with their counts, and one name's windows with its users, values, gauge and tag breakdown.
// Closed windows only: the open one is the live view's.
import type { EventHistory, EventQuery, EventsQuery, EventTotal, EventWindow } from '../../../src-shared/api';
import { OTHER_EVENT, type EventRow, type TagBreakdown } from '../../../src-shared/types';
import { MAX_TAG_VALUES } from '../sketch/tag-counts';
import { readRecords } from './reader';

/** Event names in the range with their occurrences, largest first (ties by name), `q` a case-insensitive substring. */
export async function readEventTotals(dataDir: string, query: EventsQuery): Promise<EventTotal[]> {
  const counts = new Map<string, number>();
  const q = query.q?.toLowerCase() ?? '';
  for await (const record of readRecords(dataDir, query)) {
    for (const row of record.event_counts) {
      if (row.event === OTHER_EVENT || (q && !row.event.toLowerCase().includes(q))) continue;
      counts.set(row.event, (counts.get(row.event) ?? 0) + row.count);
    }
  }
  return [...counts.entries()]
    .map(([event, count]) => ({ event, count }))
    .sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : 1))
    .slice(0, query.limit ?? 100);
}

function windowOf(start: string, end: string, row: EventRow | undefined, partial: boolean | undefined): EventWindow {
  return {
    window_start: start,
    window_end: end,
    count: row?.count ?? 0,
    distinct_users: row?.distinct_users ?? 0,
    distinct_users_exact: row?.distinct_users_exact ?? true,
    values: row?.values ?? null,
    gauge_last: row?.gauge_last ?? null,
    ...(partial ? { partial: true } : {}),
  };
}

/** Tag counts summed over windows, each key's values largest first and bounded as a window's are. */
class TagTotals {
  private readonly keys = new Map<string, Map<string, number>>();

  add(tags: readonly TagBreakdown[]): void {
    for (const { key, values } of tags) {
      let byValue = this.keys.get(key);
      if (!byValue) this.keys.set(key, (byValue = new Map()));
      for (const { value, count } of values) byValue.set(value, (byValue.get(value) ?? 0) + count);
    }
  }

  result(): TagBreakdown[] {
    const out: TagBreakdown[] = [];
    for (const [key, byValue] of this.keys) {
      const other = byValue.get(OTHER_EVENT) ?? 0;
      const sorted = [...byValue.entries()]
        .filter(([value]) => value !== OTHER_EVENT)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const kept = sorted.slice(0, MAX_TAG_VALUES).map(([value, count]) => ({ value, count }));
      const rest = other + sorted.slice(MAX_TAG_VALUES).reduce((n, [, c]) => n + c, 0);
      if (rest > 0) kept.push({ value: OTHER_EVENT, count: rest });
      out.push({ key, values: kept });
    }
    const total = (b: TagBreakdown) => b.values.reduce((n, v) => n + v.count, 0);
    return out.sort((a, b) => total(b) - total(a) || (a.key < b.key ? -1 : 1));
  }
}

/** Every window of the range, with the event's row where it came (zeros where not), and its tags over all of them. */
export async function readEventHistory(dataDir: string, query: EventQuery): Promise<EventHistory> {
  const windows: EventWindow[] = [];
  const tags = new TagTotals();
  for await (const { summary, event_counts } of readRecords(dataDir, query)) {
    const row = event_counts.find((r) => r.event === query.name);
    windows.push(windowOf(summary.window_start, summary.window_end, row, summary.partial));
    if (row?.tags) tags.add(row.tags);
  }
  return { event: query.name, windows, tags: tags.result() };
}

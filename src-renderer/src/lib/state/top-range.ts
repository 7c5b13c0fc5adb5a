// Top events over the last N windows: the journal's totals of the closed windows plus the open
// window's live counts, and how far to trust the sum. Plain, so it runs in unit tests.
import type { EventTotal } from '../../../../src-shared/api';
import type { EventCount, Summary, WindowCounters } from '../../../../src-shared/types';
import { countOf, formatCount } from '../format/numbers';

/** Closed windows Top events may add up besides the open one; 0 is the open window alone. */
export type TopRange = 0 | 5 | 15 | 60;

export const TOP_RANGES: readonly { value: TopRange; label: string }[] = [
  { value: 0, label: 'Current window' },
  { value: 5, label: 'Last 5 windows' },
  { value: 15, label: 'Last 15 windows' },
  { value: 60, label: 'Last 60 windows' },
];

/** Names asked of the journal per range: many more than the chart shows, so the open window's counts rarely add to a missing name. */
export const CLOSED_TOTALS_LIMIT = 100;

/** The closed windows a range covers (the newest `n` known), and the Api range that reads them. */
export function closedRange(windows: readonly Summary[], n: number): { from: string; to: string; windows: readonly Summary[] } | null {
  const used = windows.slice(-n);
  const first = used[0];
  const last = used.at(-1);
  return first && last ? { from: first.window_start, to: last.window_end, windows: used } : null;
}

const byCountThenName = (a: EventTotal, b: EventTotal) => b.count - a.count || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0);

/**
 * Adds the open window's counts to the closed windows' totals, name by name, largest first (ties
 * by name); with `q`, only names containing it (case-insensitive), as the Api's `q` filters.
 */
export function addOpenCounts(closed: readonly EventTotal[], open: readonly EventCount[], q = ''): EventTotal[] {
  const needle = q.toLowerCase();
  const sums = new Map<string, number>();
  for (const t of closed) sums.set(t.event, (sums.get(t.event) ?? 0) + t.count);
  for (const e of open) if (!needle || e.event.toLowerCase().includes(needle)) sums.set(e.event, (sums.get(e.event) ?? 0) + e.count);
  return [...sums].map(([event, count]) => ({ event, count })).sort(byCountThenName);
}

export interface RangeTopInput {
  /** The journal's totals of the closed windows (Api.events over closedRange), largest first. */
  closed: readonly EventTotal[];
  /** The limit they were asked with. */
  limit: number;
  /** The closed windows they cover. */
  windows: readonly Summary[];
  /** Names the journal keeps per window (the top_n setting); the rest of a window is `(other)`. */
  topN: number;
  /** The open window: its live top events and counters; null before the first snapshot. */
  open: { top: readonly EventCount[]; counters: WindowCounters } | null;
}

export interface RangeTop {
  top: EventCount[];
  /** Whether every count is exact, and if not, why, in words for the user. */
  exact: boolean;
  why: string[];
}

/** The top `slots` events of closed windows plus the open one, with what makes the sum approximate. */
export function rangeTop(input: RangeTopInput, slots: number): RangeTop {
  const { closed, limit, windows, topN, open } = input;
  const why: string[] = [];
  // A window with more names than the journal keeps lists only its top topN; the rest is (other).
  const cut = windows.filter((w) => !w.unique_exact || w.unique_events > topN).length;
  if (cut > 0) why.push(`${countOf(cut, 'closed window')} had more names than the ${topN} the journal keeps per window`);
  if (open) {
    const c = open.counters;
    const complete = c.unique_exact && c.unique_events <= open.top.length && open.top.every((e) => !e.error);
    if (!complete) why.push(`the open window adds only its live top ${open.top.length}`);
    const listed = new Set(closed.map((t) => t.event));
    if (closed.length >= limit && open.top.some((e) => !listed.has(e.event))) {
      why.push(`names past the journal's top ${limit} miss their closed windows`);
    }
  }
  const top = addOpenCounts(closed, open?.top ?? []).slice(0, slots);
  return { top, exact: why.length === 0, why };
}

/** The Top events card's subtitle: which windows its bars add up. */
export function topRangeSubtitle(range: TopRange, closedCount: number, windowSeconds: number): string {
  if (range === 0) return `Current ${windowSeconds} s window`;
  if (closedCount >= range) return `Last ${range} closed windows and the open one`;
  return `${countOf(closedCount, 'closed window')} so far (of ${range}) and the open one`;
}

/** Why Top events has no bars, or null when it has some. */
export function topEmptyText(o: {
  listed: number;
  loading: boolean;
  range: TopRange;
  uniqueExact: boolean;
  unique: number;
}): string | null {
  if (o.listed > 0) return null;
  if (o.loading) return 'Reading the closed windows…';
  if (o.range > 0) return 'No events in these windows yet';
  // Past the exact threshold only events that surely stand out are listed (count − error above
  // what any name not kept can have): none means the names are about equally frequent.
  return o.uniqueExact
    ? 'No events in this window yet'
    : `No event stands out among ≈ ${formatCount(o.unique)} names: each was seen about as often as the others`;
}

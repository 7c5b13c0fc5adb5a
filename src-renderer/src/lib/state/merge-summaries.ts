// Pure list work for the history state, kept out of the .svelte.ts module so it runs in unit tests.
import type { Summary } from '../../../../src-shared/types';

/**
 * Which window a summary is: its start, as the journal keys amendments. Windows never overlap (a
 * window after a cut starts at the cut), so a second summary with the same start is a newer copy
 * of the same window, even when its end differs. The one exception is a zero-length window (a cut
 * right on a window's start, which closes one only where something was counted): it and the
 * window that follows it share a start, and both are kept.
 */
function key(s: Summary): string {
  return s.window_end === s.window_start ? `${s.window_start}/0` : s.window_start;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges summaries oldest first, a later copy of the same window replacing the earlier one (a
 * snapshot's `closed` can overlap a summaries request made at the same moment, and a cluster
 * viewer amends a window when a late node's partial comes), keeping the newest `keep`.
 */
export function mergeSummaries(old: readonly Summary[], incoming: readonly Summary[], keep: number): Summary[] {
  const byKey = new Map<string, Summary>();
  for (const s of old) byKey.set(key(s), s);
  for (const s of incoming) byKey.set(key(s), s);
  const merged = [...byKey.values()].sort((a, b) => compare(a.window_start, b.window_start) || compare(a.window_end, b.window_end));
  return merged.slice(-keep);
}

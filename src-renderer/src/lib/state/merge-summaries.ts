// Pure list work for the history state, kept out of the .svelte.ts module so it runs in unit tests.
import type { Summary } from '../../../../src-shared/types';

function key(s: Summary): string {
  return `${s.window_start}/${s.window_end}`;
}

/**
 * Merges summaries oldest first, a later copy of the same window replacing the earlier one (a
 * snapshot's `closed` can overlap a summaries request made at the same moment), keeping the newest `keep`.
 */
export function mergeSummaries(old: readonly Summary[], incoming: readonly Summary[], keep: number): Summary[] {
  const byKey = new Map<string, Summary>();
  for (const s of old) byKey.set(key(s), s);
  for (const s of incoming) byKey.set(key(s), s);
  const merged = [...byKey.values()].sort((a, b) => (a.window_start < b.window_start ? -1 : a.window_start > b.window_start ? 1 : 0));
  return merged.slice(-keep);
}

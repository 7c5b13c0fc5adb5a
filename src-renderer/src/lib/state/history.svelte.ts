import type { Summary } from '../../../../src-shared/types';

/** Closed windows kept on screen: the unique-events chart shows this many. */
export const HISTORY_WINDOWS = 60;

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
  const merged = [...byKey.values()].sort((a, b) =>
    a.window_start < b.window_start ? -1 : a.window_start > b.window_start ? 1 : 0,
  );
  return merged.slice(-keep);
}

/** The recent closed windows, oldest first; replaced whole on each change, never mutated. */
export class WindowHistory {
  #windows = $state.raw<readonly Summary[]>([]);

  get windows(): readonly Summary[] {
    return this.#windows;
  }

  /** Newest first, for the history table. */
  readonly newestFirst = $derived([...this.#windows].reverse());

  /** Replaces everything, e.g. after (re)connecting to an engine. */
  seed(list: readonly Summary[]): void {
    this.#windows = mergeSummaries([], list, HISTORY_WINDOWS);
  }

  append(closed: readonly Summary[]): void {
    if (closed.length === 0) return;
    this.#windows = mergeSummaries(this.#windows, closed, HISTORY_WINDOWS);
  }
}

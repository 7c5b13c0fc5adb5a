import type { Summary } from '../../../../src-shared/types';
import { mergeSummaries } from './merge-summaries';

/** Closed windows kept on screen: the unique-events chart shows this many. */
export const HISTORY_WINDOWS = 60;

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

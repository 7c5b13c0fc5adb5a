import type { Api, EventTotal } from '../../../../src-shared/api';
import type { EventCount, Snapshot, Summary } from '../../../../src-shared/types';
import { errorMessage } from '../api/api-error';
import { CLOSED_TOTALS_LIMIT, closedRange, rangeTop, topEmptyText, topRangeSubtitle } from './top-range';
import type { TopRange } from './top-range';

/** Bars the Top events chart has. */
export const TOP_SLOTS = 10;

/** What the Top events card shows. */
export interface TopView {
  top: readonly EventCount[];
  /** Whether the counts are exact; `why` says what makes them approximate. */
  exact: boolean;
  why: readonly string[];
  subtitle: string;
  /** What a bar counts, in words (the chart's dataset and its accessible name). */
  label: string;
  /** A line over the empty chart: why it has no bars. Null when it has some. */
  empty: string | null;
  /** The closed windows' totals are being read for the first time (nothing to show yet). */
  loading: boolean;
  error: string | null;
}

interface ClosedTotals {
  from: string;
  to: string;
  totals: readonly EventTotal[];
}

export interface TopSources {
  snapshot: () => Snapshot | null;
  /** Closed windows, oldest first. */
  windows: () => readonly Summary[];
  /** The top_n setting: names the journal keeps per window. */
  topN: () => number;
  windowSeconds: () => number;
}

/**
 * Top events of the open window (the snapshot's, live), or of the last 5, 15 or 60 closed windows
 * and the open one: the journal's totals of the closed ones (Api.events, read again as windows
 * close) plus the open window's live counts.
 */
export class TopEventsView {
  readonly #api: Api;
  readonly #src: TopSources;
  #range = $state<TopRange>(0);
  #closed = $state.raw<ClosedTotals | null>(null);
  #error = $state<string | null>(null);
  #requests = 0;
  /** The last view shown for a range, kept while the totals of a newly closed window are read. */
  #shown: { range: TopRange; view: TopView } | null = null;

  constructor(api: Api, sources: TopSources) {
    this.#api = api;
    this.#src = sources;
  }

  get range(): TopRange {
    return this.#range;
  }

  setRange(range: TopRange): void {
    this.#range = range;
    this.refresh();
  }

  /** Reads the closed windows' totals again (the range or the windows changed). */
  refresh(): void {
    const range = this.#range;
    const closed = range === 0 ? null : closedRange(this.#src.windows(), range);
    if (!closed) return;
    const id = ++this.#requests;
    const { from, to } = closed;
    this.#api.events({ from, to, limit: CLOSED_TOTALS_LIMIT }).then(
      (totals) => {
        if (id !== this.#requests) return;
        this.#closed = { from, to, totals };
        this.#error = null;
      },
      (err: unknown) => {
        if (id === this.#requests) this.#error = errorMessage(err);
      },
    );
  }

  readonly view: TopView = $derived.by(() => {
    const range = this.#range;
    const snap = this.#src.snapshot();
    const seconds = this.#src.windowSeconds();
    if (range === 0) {
      const top = snap?.top_events ?? [];
      const w = snap?.window;
      return {
        top,
        exact: top.every((e) => !e.error),
        why: [],
        subtitle: topRangeSubtitle(0, 0, seconds),
        label: 'Events this window',
        empty: topEmptyText({
          listed: top.length,
          loading: false,
          range,
          uniqueExact: w?.unique_exact ?? true,
          unique: w?.unique_events ?? 0,
        }),
        loading: false,
        error: null,
      };
    }
    const closed = closedRange(this.#src.windows(), range);
    const totals = this.#closed;
    const subtitle = topRangeSubtitle(range, closed?.windows.length ?? 0, seconds);
    const label = `Events in the last ${range} windows`;
    const covered = !!closed && !!totals && totals.from === closed.from && totals.to === closed.to;
    if (closed && !covered) {
      // The totals do not cover the windows closed so far yet: the open window's counts alone would
      // skip the one just closed, so the last sum stays until they do.
      if (this.#shown?.range === range) return this.#shown.view;
      const empty = topEmptyText({ listed: 0, loading: true, range, uniqueExact: true, unique: 0 });
      return { top: [], exact: true, why: [], subtitle, label, empty, loading: true, error: this.#error };
    }
    const sum = rangeTop(
      {
        closed: covered ? totals.totals : [],
        limit: CLOSED_TOTALS_LIMIT,
        windows: closed?.windows ?? [],
        topN: this.#src.topN(),
        open: snap ? { top: snap.top_events, counters: snap.window } : null,
      },
      TOP_SLOTS,
    );
    const empty = topEmptyText({ listed: sum.top.length, loading: false, range, uniqueExact: true, unique: 0 });
    const view = { ...sum, subtitle, label, empty, loading: false, error: this.#error };
    // A plain field, written here on purpose: what was last shown, read only by this derivation.
    this.#shown = { range, view };
    return view;
  });
}

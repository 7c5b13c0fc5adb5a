// One event's windows (Api.event) as the series its charts draw: counts and users, the value
// quantiles and gauge, and several events side by side. Plain (no chart.js), so it runs in unit tests.
import type { EventHistory, EventWindow } from '../../../../src-shared/api';
import { countOf, formatValue } from '../format/numbers';

/** What a series measures, which says how its numbers read (its unit in tooltips). */
export type SeriesKind = 'count' | 'users' | 'value';

/** Index into the chart palette (--chart-series, --chart-2 … --chart-5), so light and dark both have it. */
export type PaletteIndex = 0 | 1 | 2 | 3 | 4;

/** A window as drawn: its span in epoch ms, and whether it was cut short. */
export interface WindowSpan {
  start: number;
  end: number;
  partial: boolean;
}

export interface Series {
  label: string;
  color: PaletteIndex;
  kind: SeriesKind;
  /** One per span; null where the window has nothing to plot (a gap in the line). */
  values: (number | null)[];
  /** Per span, true where the value is an estimate (distinct users past the exact threshold). */
  estimated: boolean[];
}

export interface SeriesSet {
  spans: WindowSpan[];
  series: Series[];
}

/** What the compare chart can put side by side. */
export type CompareMetric = 'count' | 'users' | 'p50' | 'p90' | 'p99';

export const COMPARE_METRICS: readonly { value: CompareMetric; label: string }[] = [
  { value: 'count', label: 'Count per window' },
  { value: 'users', label: 'Distinct users per window' },
  { value: 'p50', label: 'p50 of values' },
  { value: 'p90', label: 'p90 of values' },
  { value: 'p99', label: 'p99 of values' },
];

/** The compare chart's colours, pin by pin. */
const PIN_COLORS: readonly PaletteIndex[] = [0, 1, 2, 3];

function spanOf(w: EventWindow): WindowSpan {
  return { start: Date.parse(w.window_start), end: Date.parse(w.window_end), partial: w.partial === true };
}

export function metricOf(w: EventWindow, metric: CompareMetric): number | null {
  switch (metric) {
    case 'count':
      return w.count;
    case 'users':
      return w.distinct_users;
    default:
      return w.values?.[metric] ?? null;
  }
}

const kindOf = (metric: CompareMetric): SeriesKind => (metric === 'count' ? 'count' : metric === 'users' ? 'users' : 'value');

function series(
  windows: readonly EventWindow[],
  label: string,
  color: PaletteIndex,
  kind: SeriesKind,
  read: (w: EventWindow) => number | null,
): Series {
  return {
    label,
    color,
    kind,
    values: windows.map(read),
    estimated: windows.map((w) => kind === 'users' && !w.distinct_users_exact),
  };
}

/** Count per window, and distinct users where any window has some (most events carry no user). */
export function countSeries(h: EventHistory): SeriesSet {
  const w = h.windows;
  const out = [series(w, 'Count', 0, 'count', (x) => x.count)];
  if (w.some((x) => x.distinct_users > 0)) out.push(series(w, 'Distinct users', 2, 'users', (x) => x.distinct_users));
  return { spans: w.map(spanOf), series: out };
}

/** p50, p90, p99 and the gauge's last level, each only where it has any value in the range. */
export function valueSeries(h: EventHistory): SeriesSet {
  const w = h.windows;
  const candidates = [
    series(w, 'p50', 0, 'value', (x) => x.values?.p50 ?? null),
    series(w, 'p90', 3, 'value', (x) => x.values?.p90 ?? null),
    series(w, 'p99', 4, 'value', (x) => x.values?.p99 ?? null),
    series(w, 'Gauge (last)', 2, 'value', (x) => x.gauge_last),
  ];
  return { spans: w.map(spanOf), series: candidates.filter((s) => s.values.some((v) => v !== null)) };
}

const spanKey = (w: EventWindow) => `${w.window_start}/${w.window_end}`;

/**
 * One line per event, on the windows any of them has (histories read at different moments may end
 * a window apart), in time order; an event's value is null on a window its history lacks.
 */
export function compareSeries(histories: readonly EventHistory[], metric: CompareMetric): SeriesSet {
  const all = new Map<string, EventWindow>();
  for (const h of histories) for (const w of h.windows) if (!all.has(spanKey(w))) all.set(spanKey(w), w);
  const windows = [...all.values()].sort((a, b) => Date.parse(a.window_start) - Date.parse(b.window_start));
  const kind = kindOf(metric);
  const out = histories.map((h, i) => {
    const byKey = new Map(h.windows.map((w) => [spanKey(w), w]));
    return series(windows, h.event, PIN_COLORS[i % PIN_COLORS.length], kind, (w) => {
      const own = byKey.get(spanKey(w));
      return own ? metricOf(own, metric) : null;
    });
  });
  return { spans: windows.map(spanOf), series: out };
}

/** The numbers over an event's view: its range in total and its latest window. */
export interface EventStats {
  total: number;
  /** Windows of the range in which it came at all, of all windows. */
  windowsWith: number;
  windows: number;
  /** The newest window it came in (an empty window after it says nothing about it), or null. */
  last: EventWindow | null;
  /** The newest gauge level of the range (a gauge keeps its level through windows without a line), or null. */
  gauge: number | null;
}

export function eventStats(h: EventHistory): EventStats {
  let total = 0;
  let windowsWith = 0;
  for (const w of h.windows) {
    total += w.count;
    if (w.count > 0) windowsWith += 1;
  }
  const gauge = h.windows.findLast((w) => w.gauge_last !== null)?.gauge_last ?? null;
  return { total, windowsWith, windows: h.windows.length, last: h.windows.findLast((w) => w.count > 0) ?? null, gauge };
}

/** A point's value as its tooltip line says it, with its unit where the Api gives one. */
export function seriesValueText(s: Series, index: number, n: number): string {
  switch (s.kind) {
    case 'count':
      return countOf(n, 'event');
    case 'users':
      return s.estimated[index] ? `≈ ${countOf(n, 'user')} (estimated)` : countOf(n, 'user');
    case 'value':
      // The Api does not say what a value measures (a StatsD ms timer and a JSON value look alike).
      return formatValue(n);
  }
}

import type { Chart, Scale } from 'chart.js';
import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { dateInZone, windowSpanText } from '../format/zone-time';
import type { ChartTheme } from './chart-theme';
import { maxTicksForWidth, timeAxis } from './time-axis';

/** A window as drawn on a time axis: its span in epoch ms. */
export interface TimeSpan {
  start: number;
  end: number;
  partial: boolean;
}

/** What a time-axis chart's callbacks read; a box, because they are made before the chart exists. */
export interface TimeView {
  spans: TimeSpan[];
  zone: TimeZoneName;
  /** The labels of the ticks the axis holds now, by value. */
  labels: Map<number, string>;
}

export function emptyTimeView(): TimeView {
  return { spans: [], zone: 'utc', labels: new Map() };
}

/**
 * The x scale of a chart of windows: epoch ms on a linear scale (no date adapter), whose own ticks
 * give way to round times of the page's zone, as many as fit (time-axis.ts).
 */
export function timeScale(view: TimeView, theme: ChartTheme) {
  return {
    type: 'linear' as const,
    bounds: 'data' as const,
    offset: false,
    grid: { display: false, offset: false },
    border: { color: theme.grid },
    afterBuildTicks: (scale: Scale) => {
      const axis = view.spans.length > 0 ? timeAxis(scale.min, scale.max, view.zone, maxTicksForWidth(scale.width)) : null;
      view.labels = new Map(axis?.ticks.map((t) => [t.value, t.label]));
      scale.ticks = axis ? axis.ticks.map((t) => ({ value: t.value })) : [];
    },
    ticks: {
      color: theme.muted,
      maxRotation: 0,
      autoSkip: false,
      callback: (v: string | number) => view.labels.get(Number(v)) ?? '',
      font: { family: theme.font, size: 11 },
    },
  };
}

/** Runs the axis from the first window's start to the last one's end, whatever the points' places. */
export function setTimeBounds(chart: Chart, spans: readonly TimeSpan[]): void {
  const x = chart.options.scales?.x;
  if (!x) return;
  x.min = spans[0]?.start ?? 0;
  x.max = spans.at(-1)?.end ?? 1;
}

/** A tooltip's title: the window's span in the page's zone, and whether it was cut short. */
export function spanTitle(view: TimeView, index: number): string {
  const s = view.spans[index];
  if (!s) return '';
  const text = windowSpanText(s.start, s.end, view.zone, dateInZone(Date.now(), view.zone));
  return s.partial ? `${text} (cut short)` : text;
}

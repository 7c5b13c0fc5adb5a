import type { Chart as AnyChart, Plugin } from 'chart.js';
import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { seriesOnCanvas, ticksOnCanvas } from './canvas-data';
import { baseOptions, Chart, valueAxis } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { seriesValueText } from './event-series';
import type { Series, SeriesSet } from './event-series';
import { LiveChart } from './live-chart';
import { emptyTimeView, setTimeBounds, spanTitle, timeScale } from './time-scale';
import type { TimeView } from './time-scale';

interface Point {
  /** The window's middle, epoch ms. */
  x: number;
  /** null: nothing in that window, a gap in the line. */
  y: number | null;
}

/** What the callbacks read: the windows, and the series as last given (their kinds and estimates). */
interface View extends TimeView {
  series: Series[];
}

/** Each line's name, colour and values, for data-series. */
const linesOf = (chart: AnyChart) =>
  chart.data.datasets.map((d) => ({ label: d.label, color: d.borderColor, data: d.data.map((p) => (p as Point).y) }));

/**
 * Lines over closed windows on a time axis (time-scale.ts), one point per window at its middle and
 * a gap where a window has nothing: an event's count and users, its quantiles and gauge, or
 * several events compared. Fed fresh arrays once per closed window, like the unique chart.
 */
export class WindowSeriesChart extends LiveChart<'line', Point> {
  readonly #view: View;
  #theme: ChartTheme;

  constructor(canvas: HTMLCanvasElement, theme: ChartTheme) {
    const view: View = { ...emptyTimeView(), series: [] };
    super(
      new Chart<'line', Point[], string>(canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          ...baseOptions<'line'>(theme),
          spanGaps: false,
          scales: {
            x: timeScale(view, theme),
            y: valueAxis(theme),
          },
          plugins: {
            tooltip: {
              animation: false,
              filter: (item) => item.parsed.y !== null,
              callbacks: {
                title: (items) => spanTitle(view, items[0]?.dataIndex ?? -1),
                label: (item) => {
                  const s = view.series[item.datasetIndex];
                  return s ? `${s.label}: ${seriesValueText(s, item.dataIndex, Number(item.parsed.y))}` : '';
                },
              },
            },
          },
        },
        plugins: [ticksOnCanvas as Plugin<'line'>, seriesOnCanvas(linesOf) as Plugin<'line'>],
      }),
    );
    this.#view = view;
    this.#theme = theme;
  }

  /** Takes the windows and their series, and the zone to label the axis in. */
  setSeries(set: SeriesSet, zone: TimeZoneName): void {
    this.#view.spans = set.spans;
    this.#view.series = set.series;
    this.#view.zone = zone;
    const middles = set.spans.map((s) => (s.start + s.end) / 2);
    this.chart.data.datasets = set.series.map((s) => ({
      label: s.label,
      data: s.values.map((v, i) => ({ x: middles[i], y: v })),
      borderColor: this.#theme.palette[s.color],
      backgroundColor: this.#theme.palette[s.color],
      borderWidth: 2,
      // Points too: a window between two empty ones has no neighbour to draw a line to.
      pointRadius: 2,
      pointHoverRadius: 4,
      tension: 0,
    }));
    setTimeBounds(this.chart as unknown as AnyChart, set.spans);
    // Counts tick in whole numbers; measured values (0.25 ms) need the fractions.
    const y = this.chart.options.scales?.y;
    if (y?.type === 'linear' && y.ticks) y.ticks.precision = set.series.every((s) => s.kind !== 'value') ? 0 : undefined;
    this.invalidate();
  }

  protected applySeriesTheme(theme: ChartTheme): void {
    this.#theme = theme;
    this.chart.data.datasets.forEach((d, i) => {
      const s = this.#view.series[i];
      if (!s) return;
      d.borderColor = theme.palette[s.color];
      d.backgroundColor = theme.palette[s.color];
    });
  }
}

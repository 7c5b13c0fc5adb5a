import type { Chart as AnyChart, Plugin } from 'chart.js';
import type { Summary } from '../../../../src-shared/types';
import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { countOf } from '../format/numbers';
import { seriesOnCanvas, ticksOnCanvas } from './canvas-data';
import { baseOptions, Chart, valueAxis } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { LiveChart } from './live-chart';
import { emptyTimeView, setTimeBounds, spanTitle, timeScale } from './time-scale';
import type { TimeSpan, TimeView } from './time-scale';

interface Bar {
  /** The window's middle, epoch ms: where chart.js puts the bar and looks for it under the pointer. */
  x: number;
  y: number;
}

/** One window as drawn: its span, and whether its count is exact. */
interface Span extends TimeSpan {
  exact: boolean;
}

interface View extends TimeView {
  spans: Span[];
}

/** Pixels left between two bars that touch in time, so neighbours stay apart. */
const BAR_GAP_PX = 1;

/**
 * Sizes each bar to its window on the time axis. chart.js gives every bar of a dataset one width
 * (from the closest two bars); windows differ in length (a size change, a cut), so once the bar
 * controller has placed the bars this sets each one's centre and width from its window's start and
 * end. The elements keep chart.js's own hit tests, so the tooltip finds the bar under the pointer.
 */
function windowWidths(view: View): Plugin<'bar'> {
  return {
    id: 'tallylineWindowWidths',
    afterDatasetUpdate(chart) {
      const x = chart.scales.x;
      if (!x) return;
      chart.getDatasetMeta(0).data.forEach((el, i) => {
        const span = view.spans[i];
        if (!span) return;
        const left = x.getPixelForValue(span.start);
        const right = x.getPixelForValue(span.end);
        const bar = el as unknown as { x: number; width: number };
        bar.x = (left + right) / 2;
        bar.width = Math.max(1, right - left - BAR_GAP_PX);
      });
    },
  };
}

/** The bars' heights, for data-series. */
const barsOf = (chart: AnyChart) => chart.data.datasets[0]?.data.map((p) => (p as Bar).y) ?? [];

/**
 * Unique events per closed window on a time axis: epoch ms on a linear scale (no date adapter), so
 * a bar is as wide as its window (10 s and 60 s windows look different, a cut window is narrower)
 * and a gap in time is a gap on screen. Bars whose count is a HyperLogLog estimate take the
 * "estimated" colour. Ticks and labels are in the page's zone (time-axis.ts).
 */
export class UniqueChart extends LiveChart<'bar', Bar> {
  readonly #view: View;
  #theme: ChartTheme;

  /** The zone is setWindows' to give: the chart is made once, the zone may change after. */
  constructor(canvas: HTMLCanvasElement, theme: ChartTheme) {
    const view: View = { ...emptyTimeView(), spans: [] };
    super(
      new Chart<'bar', Bar[], string>(canvas, {
        type: 'bar',
        data: {
          datasets: [{ label: 'Unique events', data: [], backgroundColor: [], borderRadius: 2 }],
        },
        options: {
          ...baseOptions<'bar'>(theme),
          scales: {
            x: timeScale(view, theme),
            y: valueAxis(theme),
          },
          plugins: {
            tooltip: {
              animation: false,
              displayColors: false,
              callbacks: {
                title: (items) => spanTitle(view, items[0]?.dataIndex ?? -1),
                label: (item) => {
                  const n = Number(item.parsed.y);
                  return view.spans[item.dataIndex]?.exact === false
                    ? `≈ ${countOf(n, 'unique event')} (estimated)`
                    : countOf(n, 'unique event');
                },
              },
            },
          },
        },
        plugins: [windowWidths(view), ticksOnCanvas as Plugin<'bar'>, seriesOnCanvas(barsOf) as Plugin<'bar'>],
      }),
    );
    this.#view = view;
    this.#theme = theme;
  }

  /** Takes the recent windows, oldest first, and the zone to label the axis in. */
  setWindows(windows: readonly Summary[], zone: TimeZoneName): void {
    const spans: Span[] = windows.map((w) => ({
      start: Date.parse(w.window_start),
      end: Date.parse(w.window_end),
      exact: w.unique_exact,
      partial: w.partial === true,
    }));
    this.#view.spans = spans;
    this.#view.zone = zone;
    // Fresh arrays rather than fixed buffers rewritten in place (as the live charts do): the count
    // of bars varies, and this runs once per closed window (60 at most), not per snapshot.
    const ds = this.chart.data.datasets[0];
    ds.data = spans.map((s, i) => ({ x: (s.start + s.end) / 2, y: windows[i].unique_events }));
    setTimeBounds(this.chart as unknown as AnyChart, spans);
    this.#paint();
    this.invalidate();
  }

  protected applySeriesTheme(theme: ChartTheme): void {
    this.#theme = theme;
    this.#paint();
  }

  #paint(): void {
    this.chart.data.datasets[0].backgroundColor = this.#view.spans.map((s) => (s.exact ? this.#theme.series : this.#theme.estimated));
  }
}

import type { Chart as AnyChart, Plugin } from 'chart.js';
import type { EventCount } from '../../../../src-shared/types';
import { countOf, formatCount } from '../format/numbers';
import { seriesOnCanvas } from './canvas-data';
import { baseOptions, Chart, valueAxis } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { LiveChart } from './live-chart';

interface Bar {
  x: number;
  y: number;
  /** The most x can over-state, once counts are estimates; 0 while exact. */
  error: number;
}

/** Longest event name drawn on the axis; the tooltip shows it whole. */
const LABEL_CHARS = 22;

function shorten(name: string): string {
  return name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name;
}

/** A count as shown: estimates get "≈". */
function countText(bar: Bar): string {
  return `${bar.error > 0 ? '≈ ' : ''}${formatCount(bar.x)}`;
}

/** Writes each bar's count just past its end, so the numbers read without hovering. */
function valueLabels(bars: readonly Bar[], theme: () => ChartTheme): Plugin<'bar'> {
  return {
    id: 'tallylineValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const t = theme();
      ctx.save();
      ctx.font = `600 11px ${t.font}`;
      ctx.fillStyle = t.muted;
      ctx.textBaseline = 'middle';
      chart.getDatasetMeta(0).data.forEach((el, i) => {
        const bar = bars[i];
        if (bar && bar.x > 0) ctx.fillText(countText(bar), el.x + 6, el.y);
      });
      ctx.restore();
    },
  };
}

/** Each bar's event, count and row (its centre, CSS px from the canvas top), for data-series. */
function rowsOf(names: readonly string[], bars: readonly Bar[]) {
  return (chart: AnyChart) =>
    chart
      .getDatasetMeta(0)
      .data.map((el, i) => ({ event: names[i], count: bars[i]?.x ?? 0, y: Math.round(el.y) }))
      .filter((row) => row.event);
}

/** The row at `y` (CSS px from the canvas top), bar or name alike; -1 above or below the rows. */
function rowAt(chart: AnyChart, y: number): number {
  const scale = chart.scales.y;
  const { top, bottom } = chart.chartArea;
  if (!scale || y < top || y > bottom) return -1;
  return Math.round(Number(scale.getValueForPixel(y)));
}

/**
 * The top events of the current window (or of several) as horizontal bars, largest on top. `slots` rows always
 * exist (unused ones blank) so the bar height never jumps as events come and go.
 */
export class TopEventsChart extends LiveChart<'bar', Bar> {
  readonly #bars: Bar[];
  readonly #labels: string[];
  readonly #names: string[];
  /** The theme the value labels draw with; a box, because the plugin is made before `this` exists. */
  readonly #current: { theme: ChartTheme };

  /**
   * @param slots how many events the chart shows.
   * @param onOpen called with the name of an event whose bar or label is clicked.
   */
  constructor(canvas: HTMLCanvasElement, theme: ChartTheme, slots: number, onOpen: (name: string) => void) {
    const bars: Bar[] = Array.from({ length: slots }, (_, i) => ({ x: 0, y: i, error: 0 }));
    const labels: string[] = Array.from({ length: slots }, () => '');
    const names: string[] = Array.from({ length: slots }, () => '');
    const current = { theme };
    super(
      new Chart<'bar', Bar[], string>(canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            {
              label: 'Events',
              data: bars,
              backgroundColor: theme.series,
              borderRadius: 3,
              categoryPercentage: 0.85,
              barPercentage: 0.9,
            },
          ],
        },
        options: {
          ...baseOptions<'bar'>(theme),
          indexAxis: 'y',
          // Room on the right for the count written past the longest bar.
          layout: { padding: { right: 48 } },
          interaction: { mode: 'nearest', axis: 'y', intersect: false },
          scales: {
            x: valueAxis(theme),
            y: {
              type: 'category',
              grid: { display: false },
              border: { color: theme.grid },
              ticks: { color: theme.text, autoSkip: false, font: { family: theme.font, size: 12 } },
            },
          },
          plugins: {
            tooltip: {
              animation: false,
              displayColors: false,
              filter: (item) => names[item.dataIndex] !== '',
              callbacks: {
                title: (items) => names[items[0]?.dataIndex ?? 0] ?? '',
                label: (item) => {
                  const bar = bars[item.dataIndex];
                  if (!bar || bar.error === 0) return countOf(Number(item.parsed.x), 'event');
                  return `≈ ${countOf(bar.x, 'event')} (at least ${formatCount(bar.x - bar.error)})`;
                },
              },
            },
          },
        },
        plugins: [valueLabels(bars, () => current.theme), seriesOnCanvas(rowsOf(names, bars)) as Plugin<'bar'>],
      }),
    );
    this.#bars = bars;
    this.#labels = labels;
    this.#names = names;
    this.#current = current;
    // The canvas's own events, not chart.js's onClick: chart.js reports clicks inside the plot area
    // only, and a row's name on the axis is as much a thing to click as its bar.
    const nameAt = (e: MouseEvent) => names[rowAt(this.chart as unknown as AnyChart, e.offsetY)] ?? '';
    canvas.addEventListener('click', (e) => {
      const name = nameAt(e);
      if (name) onOpen(name);
    });
    canvas.addEventListener('mousemove', (e) => {
      canvas.style.cursor = nameAt(e) ? 'pointer' : '';
    });
  }

  /** Takes the top events, largest first, and what the bars count (the dataset's name). */
  setTop(top: readonly EventCount[], label: string): void {
    this.chart.data.datasets[0].label = label;
    for (let i = 0; i < this.#bars.length; i++) {
      const e = top[i];
      this.#bars[i].x = e ? e.count : 0;
      this.#bars[i].error = e?.error ?? 0;
      this.#names[i] = e ? e.event : '';
      this.#labels[i] = e ? shorten(e.event) : '';
    }
    this.invalidate();
  }

  protected applySeriesTheme(theme: ChartTheme): void {
    this.#current.theme = theme;
    const ds = this.chart.data.datasets[0];
    ds.backgroundColor = theme.series;
    const y = this.chart.options.scales?.y;
    if (y?.ticks) y.ticks.color = theme.text;
  }
}

import type { Plugin } from 'chart.js';
import type { EventCount } from '../../../../src-shared/types';
import { countOf, formatCount } from '../format/numbers';
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

/**
 * The top events of the current window as horizontal bars, largest on top. `slots` rows always
 * exist (unused ones blank) so the bar height never jumps as events come and go.
 */
export class TopEventsChart extends LiveChart<'bar', Bar> {
  readonly #bars: Bar[];
  readonly #labels: string[];
  readonly #names: string[];
  /** The theme the value labels draw with; a box, because the plugin is made before `this` exists. */
  readonly #current: { theme: ChartTheme };

  /** @param slots how many events the chart shows. */
  constructor(canvas: HTMLCanvasElement, theme: ChartTheme, slots: number) {
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
              label: 'Events this window',
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
        plugins: [valueLabels(bars, () => current.theme)],
      }),
    );
    this.#bars = bars;
    this.#labels = labels;
    this.#names = names;
    this.#current = current;
  }

  /** Takes the window's top events, largest first. */
  setTop(top: readonly EventCount[]): void {
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

import { RATE_HISTORY_SECONDS } from '../../../../src-shared/types';
import { countOf } from '../format/numbers';
import type { Plugin } from 'chart.js';
import { seriesOnCanvas } from './canvas-data';
import { baseOptions, Chart, valueAxis } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { LiveChart } from './live-chart';

interface Point {
  x: number;
  y: number;
}

/** Seconds shown: the snapshot's per-second history. */
export const RATE_SECONDS = RATE_HISTORY_SECONDS;

/**
 * Events per second over the last five minutes, one point a second. The x axis is "seconds ago"
 * (-299 … 0) so the buffer's x values never change; only the y values are rewritten in place.
 */
export class RateChart extends LiveChart<'line', Point> {
  readonly #points: Point[];

  constructor(canvas: HTMLCanvasElement, theme: ChartTheme) {
    const points: Point[] = Array.from({ length: RATE_SECONDS }, (_, i) => ({ x: i - (RATE_SECONDS - 1), y: 0 }));
    super(
      new Chart<'line', Point[], string>(canvas, {
        type: 'line',
        data: {
          datasets: [
            {
              label: 'Events per second',
              data: points,
              borderColor: theme.series,
              backgroundColor: theme.seriesFill,
              borderWidth: 1.5,
              fill: 'origin',
              pointRadius: 0,
              pointHoverRadius: 3,
              tension: 0,
            },
          ],
        },
        options: {
          ...baseOptions<'line'>(theme),
          scales: {
            x: {
              type: 'linear',
              min: -(RATE_SECONDS - 1),
              max: 0,
              grid: { display: false },
              border: { color: theme.grid },
              ticks: {
                color: theme.muted,
                stepSize: 60,
                maxRotation: 0,
                font: { family: theme.font, size: 11 },
                callback: (v) => (Number(v) === 0 ? 'now' : `${Math.round(-Number(v) / 60)} min ago`),
              },
            },
            y: valueAxis(theme),
          },
          plugins: {
            tooltip: {
              animation: false,
              displayColors: false,
              callbacks: {
                title: (items) => {
                  const ago = -Number(items[0]?.parsed.x ?? 0);
                  return ago === 0 ? 'last second' : `${ago} s ago`;
                },
                label: (item) => countOf(Number(item.parsed.y), 'event/s', 'events/s'),
              },
            },
          },
        },
        plugins: [seriesOnCanvas(() => points.map((p) => p.y)) as Plugin<'line'>],
      }),
    );
    this.#points = points;
  }

  /** Takes the snapshot's per-second counts, oldest first; the newest lands at "now". */
  setRates(rates: readonly number[]): void {
    const n = this.#points.length;
    const offset = n - rates.length;
    for (let i = 0; i < n; i++) {
      const j = i - offset;
      this.#points[i].y = j >= 0 ? rates[j] : 0;
    }
    this.invalidate();
  }

  protected applySeriesTheme(theme: ChartTheme): void {
    const ds = this.chart.data.datasets[0];
    ds.borderColor = theme.series;
    ds.backgroundColor = theme.seriesFill;
  }
}

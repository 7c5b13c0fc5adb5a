import type { Summary } from '../../../../src-shared/types';
import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { formatCount } from '../format/numbers';
import { clockInZone } from '../format/zone-time';
import { baseOptions, Chart, valueAxis } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { LiveChart } from './live-chart';

/** A time label under every this many bars. */
const LABEL_EVERY = 10;

interface Bar {
  x: number;
  y: number;
}

/**
 * Unique events per closed window, one bar per window, the newest on the right. Bars whose count
 * is a HyperLogLog estimate take the "estimated" colour. Fixed slots: labels, bars and colours are
 * arrays of `slots` entries rewritten in place; empty slots on the left stay blank.
 */
export class UniqueChart extends LiveChart<'bar', Bar> {
  readonly #bars: Bar[];
  readonly #labels: string[];
  readonly #colors: string[];
  readonly #exact: boolean[];
  #theme: ChartTheme;

  /** @param slots how many windows the chart holds. */
  constructor(canvas: HTMLCanvasElement, theme: ChartTheme, slots: number) {
    const bars: Bar[] = Array.from({ length: slots }, (_, i) => ({ x: i, y: 0 }));
    const labels: string[] = Array.from({ length: slots }, () => '');
    const colors: string[] = Array.from({ length: slots }, () => theme.series);
    const exact: boolean[] = Array.from({ length: slots }, () => true);
    super(
      new Chart<'bar', Bar[], string>(canvas, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            {
              label: 'Unique events',
              data: bars,
              backgroundColor: colors,
              borderRadius: 2,
              categoryPercentage: 0.9,
              barPercentage: 0.9,
            },
          ],
        },
        options: {
          ...baseOptions<'bar'>(theme),
          scales: {
            x: {
              type: 'category',
              grid: { display: false },
              border: { color: theme.grid },
              ticks: {
                color: theme.muted,
                maxRotation: 0,
                // Labels at fixed slots counted from the newest, so they do not hop as windows arrive.
                autoSkip: false,
                callback: (_v, index) => ((slots - 1 - index) % LABEL_EVERY === 0 ? labels[index] : ''),
                font: { family: theme.font, size: 11 },
              },
            },
            y: valueAxis(theme),
          },
          plugins: {
            tooltip: {
              animation: false,
              displayColors: false,
              filter: (item) => labels[item.dataIndex] !== '',
              callbacks: {
                title: (items) => `Window from ${labels[items[0]?.dataIndex ?? 0]}`,
                label: (item) =>
                  exact[item.dataIndex]
                    ? `${formatCount(Number(item.parsed.y))} unique events`
                    : `≈ ${formatCount(Number(item.parsed.y))} unique events (estimated)`,
              },
            },
          },
        },
      }),
    );
    this.#bars = bars;
    this.#labels = labels;
    this.#colors = colors;
    this.#exact = exact;
    this.#theme = theme;
  }

  /** Takes the recent windows, oldest first, and the page's zone; the newest fills the rightmost slot. */
  setWindows(windows: readonly Summary[], zone: TimeZoneName): void {
    const n = this.#bars.length;
    const offset = n - Math.min(windows.length, n);
    const first = windows.length - (n - offset);
    for (let i = 0; i < n; i++) {
      const w = i >= offset ? windows[first + i - offset] : undefined;
      this.#bars[i].y = w ? w.unique_events : 0;
      this.#labels[i] = w ? clockInZone(Date.parse(w.window_start), zone) : '';
      this.#exact[i] = w ? w.unique_exact : true;
    }
    this.#paint();
    this.invalidate();
  }

  protected applySeriesTheme(theme: ChartTheme): void {
    this.#theme = theme;
    this.#paint();
  }

  #paint(): void {
    for (let i = 0; i < this.#colors.length; i++) {
      this.#colors[i] = this.#exact[i] ? this.#theme.series : this.#theme.estimated;
    }
  }
}

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartOptions, ChartType } from 'chart.js';
import { formatCompact } from '../format/numbers';
import type { ChartTheme } from './chart-theme';

// Only what the three charts use, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip);

/**
 * Options every dashboard chart shares, per the chart.js performance guide: no animation, data
 * handed over pre-parsed and sorted (`parsing: false`, `normalized`), and no resize animation.
 */
export function baseOptions<T extends ChartType>(theme: ChartTheme): ChartOptions<T> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    resizeDelay: 100,
    events: ['mousemove', 'mouseout', 'touchstart', 'touchmove'],
    interaction: { mode: 'index', intersect: false },
    plugins: {
      tooltip: { animation: false },
    },
    font: { family: theme.font },
  } as ChartOptions<T>;
}

/** A value axis starting at zero with short labels (1.2K). */
export function valueAxis(theme: ChartTheme) {
  return {
    type: 'linear' as const,
    beginAtZero: true,
    grace: '5%',
    grid: { color: theme.grid },
    border: { display: false },
    ticks: {
      color: theme.muted,
      maxTicksLimit: 6,
      precision: 0,
      font: { family: theme.font, size: 11 },
      callback: (v: string | number) => formatCompact(Number(v)),
    },
  };
}

/** Applies colours and font to every scale of a chart after a theme change. */
export function applyThemeToScales(chart: Chart, theme: ChartTheme): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    if (scale.ticks) {
      scale.ticks.color = theme.muted;
      if (scale.ticks.font && typeof scale.ticks.font === 'object') scale.ticks.font.family = theme.font;
    }
    if (scale.grid) scale.grid.color = theme.grid;
  }
}

export { Chart };

// What a chart shows, written on its canvas as data-* attributes: a canvas's text and lines cannot
// be read back, and tests (and anyone inspecting the page) should see what it says and plots.
import type { Chart, Plugin } from 'chart.js';

/** The x axis's ticks (epoch ms and label) as `data-x-ticks`. */
export const ticksOnCanvas: Plugin = {
  id: 'tallylineTicksOnCanvas',
  afterUpdate(chart) {
    const ticks = chart.scales.x?.ticks ?? [];
    const text = JSON.stringify(ticks.map((t) => ({ value: t.value, label: t.label })));
    if (chart.canvas.dataset.xTicks !== text) chart.canvas.dataset.xTicks = text;
  },
};

/** What the chart plots as `data-series` (JSON, from `read`): pixels alone cannot say which line is which. */
export function seriesOnCanvas(read: (chart: Chart) => unknown): Plugin {
  return {
    id: 'tallylineSeriesOnCanvas',
    afterUpdate(chart) {
      const text = JSON.stringify(read(chart));
      if (chart.canvas.dataset.series !== text) chart.canvas.dataset.series = text;
    },
  };
}

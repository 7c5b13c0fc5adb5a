import type { Attachment } from 'svelte/attachments';
import { MediaQuery } from 'svelte/reactivity';
import { readChartTheme } from './chart-theme';
import type { ChartTheme } from './chart-theme';

/** The OS colour scheme; the page's CSS follows it by itself, canvases need telling. */
const prefersDark = new MediaQuery('(prefers-color-scheme: dark)', false);

interface ThemedChart {
  setTheme(theme: ChartTheme): void;
  destroy(): void;
}

/**
 * A canvas attachment that creates a chart once, feeds it whenever the state read by `feed`
 * changes, recolours it when the OS theme flips, and destroys it with the element. The outer
 * function reads no state, so it runs once; only the inner effects re-run.
 */
export function liveChart<C extends ThemedChart>(
  create: (canvas: HTMLCanvasElement, theme: ChartTheme) => C,
  feed: (chart: C) => void,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const chart = create(canvas, readChartTheme(canvas));
    $effect(() => feed(chart));
    let first = true;
    $effect(() => {
      void prefersDark.current;
      if (first) first = false;
      else chart.setTheme(readChartTheme(canvas));
    });
    return () => chart.destroy();
  };
}

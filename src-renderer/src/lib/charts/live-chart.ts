import type { Chart, ChartType } from 'chart.js';
import { applyThemeToScales } from './chart-base';
import type { ChartTheme } from './chart-theme';
import { frames } from './frame-scheduler';
import type { FrameScheduler, Redrawable } from './frame-scheduler';

/**
 * What the three dashboard charts share: one chart.js instance created up front and fed plain
 * arrays (the rate and top-events charts rewrite fixed buffers in place, 4 times a second), a
 * redraw queued for the next frame (`update('none')`: no animation), and a clean destroy.
 */
export abstract class LiveChart<T extends ChartType, D> implements Redrawable {
  protected readonly chart: Chart<T, D[], string>;
  readonly #frames: FrameScheduler;
  #destroyed = false;
  /** Set by a theme change: the next redraw must be a full update, see redraw(). */
  #restyle = false;

  constructor(chart: Chart<T, D[], string>, scheduler: FrameScheduler = frames) {
    this.chart = chart;
    this.#frames = scheduler;
  }

  /** Recolours the chart for a new colour scheme. */
  setTheme(theme: ChartTheme): void {
    applyThemeToScales(this.chart as unknown as Chart, theme);
    this.applySeriesTheme(theme);
    this.#restyle = true;
    this.invalidate();
  }

  protected abstract applySeriesTheme(theme: ChartTheme): void;

  protected invalidate(): void {
    if (!this.#destroyed) this.#frames.request(this);
  }

  redraw(): void {
    if (this.#destroyed) return;
    // update('none') keeps the options chart.js shares between elements (bar colours) as they
    // were, so a recolour needs one default update; with animation off it is just as immediate.
    this.chart.update(this.#restyle ? undefined : 'none');
    this.#restyle = false;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#frames.forget(this);
    this.chart.destroy();
  }
}

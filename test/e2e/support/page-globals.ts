// Shapes of the browser globals that code passed to page.evaluate() uses, in the e2e tests and in
// bench/ui-load.ts. Both compile under the Node tsconfig (no DOM library), so in-page code casts
// globalThis to this.

export interface LongTask {
  start: number;
  duration: number;
}

export interface PageGlobals {
  PerformanceObserver: new (cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  requestAnimationFrame(cb: () => void): number;
  document: { querySelector(selector: string): { textContent: string | null } | null };
  /** Filled by the long-task observer bench/ui-load.ts installs. */
  __longTasks: LongTask[];
  /** When the lag probe saw the expected text painted (Date.now()). */
  __shown: Promise<number>;
}

// The dashboard as a test sees it: by accessible names (the contract: "Start listening", "Host",
// "Port", …) and, for canvases, by the pixels chart.js drew.
import { expect, type Locator, type Page } from '@playwright/test';

export type StatId = 'events' | 'unique' | 'rate' | 'connections' | 'rejected';
export type ChartId = 'rate' | 'top' | 'unique';

/** What is drawn on a chart canvas, in the chart's series colour. */
export interface CanvasInk {
  /** Pixels drawn at all (not transparent). */
  ink: number;
  /** Pixels of the series colour (lines and bars). */
  series: number;
  /** Height in pixels between the highest and lowest series-coloured pixel (0 when none). */
  seriesHeight: number;
  /** Width in pixels between the leftmost and rightmost series-coloured pixel (0 when none). */
  seriesWidth: number;
}

/** A tick of a chart's time axis as the page drew it: epoch ms and its label. */
export interface AxisTick {
  value: number;
  label: string;
}

/** A run of series-coloured pixels along one row of a canvas: one bar, seen from the side. */
export interface PixelRun {
  left: number;
  width: number;
}

/** The parts of a canvas the pixel read-back uses. */
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number>; width: number; height: number } } | null;
}

interface PageGlobals {
  getComputedStyle(el: unknown): { getPropertyValue(name: string): string };
}

export class DashboardPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('link-state')).toHaveText('UI connected');
  }

  get host(): Locator {
    return this.page.getByLabel('Host', { exact: true });
  }
  get port(): Locator {
    return this.page.getByLabel('Port', { exact: true });
  }
  get format(): Locator {
    return this.page.getByLabel('Format', { exact: true });
  }
  get transport(): Locator {
    return this.page.getByLabel('Transport', { exact: true });
  }
  get startButton(): Locator {
    return this.page.getByRole('button', { name: 'Start listening' });
  }
  get stopButton(): Locator {
    return this.page.getByRole('button', { name: 'Stop listening' });
  }
  get status(): Locator {
    return this.page.getByTestId('listener-status');
  }

  /** Starts the listener from the form and returns the port it listens on. */
  async startListening(port: number, host = '127.0.0.1'): Promise<number> {
    await this.host.fill(host);
    await this.port.fill(String(port));
    await this.startButton.click();
    await expect(this.status).toContainText('Listening on');
    const text = (await this.status.textContent()) ?? '';
    const m = /:(\d+)\s*$/.exec(text.trim());
    if (!m) throw new Error(`no port in the status badge: ${text}`);
    return Number(m[1]);
  }

  statValue(id: StatId): Locator {
    return this.page.getByTestId(`stat-${id}-value`);
  }
  statNote(id: StatId): Locator {
    return this.page.getByTestId(`stat-${id}-note`);
  }

  /** Applies settings through the Settings form (only the fields given). */
  async applySettings(fields: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(fields)) {
      await this.page.getByLabel(label).fill(value);
    }
    await this.page.getByRole('button', { name: 'Apply settings' }).click();
    await expect(this.page.getByText('Settings applied.')).toBeVisible();
  }

  /** The time axis ticks of the unique-events chart, as it wrote them on its canvas (data-x-ticks). */
  async uniqueAxisTicks(): Promise<AxisTick[]> {
    const text = await this.page.getByTestId('chart-unique').getAttribute('data-x-ticks');
    return text ? (JSON.parse(text) as AxisTick[]) : [];
  }

  /**
   * The bars of a chart seen along one row of pixels a little above the lowest series-coloured one
   * (the bars' feet): each run of series colour, left to right. Bars that touch in time stay apart
   * by a pixel, so each run is one bar.
   */
  seriesRuns(id: ChartId): Promise<PixelRun[]> {
    return this.page.getByTestId(`chart-${id}`).evaluate((el) => {
      const canvas = el as unknown as CanvasLike;
      const hex = (globalThis as unknown as PageGlobals).getComputedStyle(canvas).getPropertyValue('--chart-series').trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return [];
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const isSeries = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return data[i + 3] > 200 && Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1]) + Math.abs(data[i + 2] - want[2]) < 40;
      };
      let bottom = -1;
      for (let y = height - 1; y >= 0 && bottom < 0; y--) for (let x = 0; x < width && bottom < 0; x++) if (isSeries(x, y)) bottom = y;
      if (bottom < 3) return [];
      const row = bottom - 3;
      const runs: { left: number; width: number }[] = [];
      for (let x = 0; x < width; x++) {
        if (!isSeries(x, row)) continue;
        const left = x;
        while (x < width && isSeries(x, row)) x++;
        runs.push({ left, width: x - left });
      }
      return runs;
    });
  }

  /** Reads a chart's canvas back and measures what is drawn in the series colour. */
  canvasInk(id: ChartId): Promise<CanvasInk> {
    return this.page.getByTestId(`chart-${id}`).evaluate((el) => {
      // This runs in the page; the Node-side tsconfig has no DOM types, hence the narrow shapes.
      const canvas = el as unknown as CanvasLike;
      const hex = (globalThis as unknown as PageGlobals).getComputedStyle(canvas).getPropertyValue('--chart-series').trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return { ink: 0, series: 0, seriesHeight: 0, seriesWidth: 0 };
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      let series = 0;
      let top = height;
      let bottom = -1;
      let left = width;
      let right = -1;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          if (data[i + 3] === 0) continue;
          ink += 1;
          const close = Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1]) + Math.abs(data[i + 2] - want[2]) < 40;
          if (close && data[i + 3] > 200) {
            series += 1;
            if (y < top) top = y;
            if (y > bottom) bottom = y;
            if (x < left) left = x;
            if (x > right) right = x;
          }
        }
      }
      return {
        ink,
        series,
        seriesHeight: bottom < 0 ? 0 : bottom - top + 1,
        seriesWidth: right < 0 ? 0 : right - left + 1,
      };
    });
  }
}

// The dashboard as a test sees it: by accessible names (the contract: "Start listening", "Host",
// "Port", …) and, for canvases, by the pixels chart.js drew.
import { expect, type Locator, type Page } from '@playwright/test';

export type StatId = 'events' | 'unique' | 'rate' | 'connections' | 'rejected';
export type ChartId = 'rate' | 'top' | 'unique' | 'event-count' | 'event-values' | 'compare';

/** A line of a chart as it wrote it on its canvas (data-series): its name, colour and one value per window. */
export interface ChartLine {
  label: string;
  color: string;
  data: (number | null)[];
}

/** A bar of the Top events chart as it wrote it on its canvas: its event, count and row (CSS px from the top). */
export interface TopRow {
  event: string;
  count: number;
  y: number;
}

/** The pixels of one colour on a canvas. */
export interface ColourInk {
  pixels: number;
  /** Mean row of those pixels, in canvas pixels from the top: a line drawn higher has a smaller one. */
  meanY: number;
}

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

  /** The event view (its card), whichever event it shows. */
  get eventView(): Locator {
    return this.page.getByTestId('event-view');
  }
  get searchBox(): Locator {
    return this.page.getByRole('combobox', { name: 'Search events' });
  }

  /** Opens an event the keyboard way: "/" to the search box, its name typed, arrows to its match, Enter. */
  async openBySearch(name: string): Promise<void> {
    // "/" is a shortcut only outside fields: leave whatever field has the focus.
    await this.page.evaluate(() =>
      (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.(),
    );
    await this.page.keyboard.press('/');
    await expect(this.searchBox).toBeFocused();
    await this.page.keyboard.type(name);
    const option = this.searchOption(name);
    await expect(option).toBeVisible();
    const names = await this.searchOptions.locator('code').allTextContents();
    for (let i = 0; i <= names.indexOf(name); i++) await this.page.keyboard.press('ArrowDown');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByRole('heading', { name: `Event: ${name}` })).toBeFocused();
  }

  /** The search's matches (the page's selects have options too). */
  get searchOptions(): Locator {
    return this.page.getByRole('listbox', { name: 'Matching events' }).getByRole('option');
  }

  /** The search's match for exactly this name. */
  searchOption(name: string): Locator {
    return this.searchOptions.filter({ has: this.page.locator('code').getByText(name, { exact: true }) });
  }

  /** The rows of the event view's tag table, each as [key, value, count, share] as shown. */
  tagRows(): Promise<string[][]> {
    return this.eventView
      .getByTestId('tag-row')
      .evaluateAll((rows) =>
        rows.map((r) =>
          Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (c) => (c.textContent ?? '').trim()),
        ),
      );
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

  /** What a chart plots, as it wrote it on its canvas (data-series); null before its first draw. */
  async chartSeries<T = ChartLine[]>(id: ChartId): Promise<T | null> {
    const text = await this.page.getByTestId(`chart-${id}`).getAttribute('data-series');
    return text ? (JSON.parse(text) as T) : null;
  }

  /** Pixels drawn in `hex` (#rrggbb) on a chart's canvas, and where they sit: finds a given line among several. */
  colourInk(id: ChartId, hex: string): Promise<ColourInk> {
    return this.page.getByTestId(`chart-${id}`).evaluate((el, colour) => {
      const canvas = el as unknown as CanvasLike;
      const want = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return { pixels: 0, meanY: 0 };
      const { data, width } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let pixels = 0;
      let sumY = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        if (Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1]) + Math.abs(data[i + 2] - want[2]) >= 24) continue;
        pixels += 1;
        sumY += Math.floor(i / 4 / width);
      }
      return { pixels, meanY: pixels === 0 ? 0 : sumY / pixels };
    }, hex);
  }

  /** A fingerprint of every pixel of a chart's canvas: equal fingerprints, the same picture. */
  canvasPrint(id: ChartId): Promise<string> {
    return this.page.getByTestId(`chart-${id}`).evaluate((el) => {
      const canvas = el as unknown as CanvasLike;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return 'blank';
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      // FNV-1a over the bytes, and the count of drawn pixels so a print also says "something is there".
      let hash = 0x811c9dc5;
      let drawn = 0;
      for (let i = 0; i < data.length; i++) {
        hash = Math.imul(hash ^ data[i], 0x01000193) >>> 0;
        if ((i & 3) === 3 && data[i] !== 0) drawn += 1;
      }
      return `${canvas.width}x${canvas.height}:${drawn}:${hash.toString(16)}`;
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

// The unique-events chart's time axis: x is time (epoch ms on a linear scale), so each window's bar
// is as wide as the window, and the ticks are round times of the page's zone, labelled HH:MM:SS or
// HH:MM as the span needs. History is seeded in the journal before serve starts, so windows of
// 10 s, 60 s and a cut one are on screen at once without waiting minutes for them to close.
import { formatInZone } from '../../src-shared/time-zones';
import { TIME_STEPS } from '../../src-renderer/src/lib/charts/time-axis';
import type { AxisTick } from './support/dashboard-page';
import { minutes, tens, withHistory } from './support/journal-seed';
import { expect, test } from './support/fixtures';

/**
 * Several ticks, evenly spaced by a round step, each labelled with its own wall-clock time in `zone`,
 * and the first of a new day there with its date too ("12-03 00:00"): history seeded minutes before
 * now spans midnight in India when the test runs just after 18:30 UTC.
 */
function expectReadableAxis(ticks: AxisTick[], zone: string, withSeconds: boolean): number {
  expect(ticks.length, JSON.stringify(ticks)).toBeGreaterThanOrEqual(4);
  const step = ticks[1].value - ticks[0].value;
  expect(TIME_STEPS).toContain(step);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i].value - ticks[i - 1].value).toBe(step);
  ticks.forEach((t, i) => {
    const wallText = formatInZone(t.value, zone);
    const clock = wallText.slice(11, withSeconds ? 19 : 16);
    const newDay = i > 0 && wallText.slice(0, 10) !== formatInZone(ticks[i - 1].value, zone).slice(0, 10);
    expect(t.label).toBe(newDay ? `${wallText.slice(5, 10)} ${clock}` : clock);
    // Round times: a multiple of the step on the zone's wall clock.
    const wall = Date.parse(`${wallText.slice(0, 19)}Z`);
    expect(wall % step).toBe(0);
  });
  return step;
}

test('10 s windows: ticks every few seconds, labelled HH:MM:SS', async ({ page, dataDir }) => {
  await withHistory(page, dataDir, [{ windows: tens(12) }], 10, async (dashboard) => {
    await expect.poll(async () => (await dashboard.uniqueAxisTicks()).length).toBeGreaterThanOrEqual(4);
    const step = expectReadableAxis(await dashboard.uniqueAxisTicks(), 'UTC', true);
    expect(step).toBeLessThan(60_000);
    // Twelve windows of equal length: twelve bars of equal width.
    const runs = await dashboard.seriesRuns('unique');
    expect(runs.length).toBe(12);
    const widths = runs.map((r) => r.width);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(2);
  });
});

test.describe('in a browser in India (UTC+05:30)', () => {
  test.use({ timezoneId: 'Asia/Kolkata' });

  test("60 s windows, then 10 s ones after a size change and a cut one: HH:MM ticks in the page's zone, bars as wide as their windows", async ({
    page,
    dataDir,
  }) => {
    const seeded = [...minutes(16), { seconds: 30, partial: true }, ...tens(6)];
    await withHistory(page, dataDir, [{ windows: seeded }], 60, async (dashboard) => {
      await expect.poll(async () => (await dashboard.uniqueAxisTicks()).length).toBeGreaterThanOrEqual(4);
      const step = expectReadableAxis(await dashboard.uniqueAxisTicks(), 'Asia/Kolkata', false);
      expect(step).toBeGreaterThanOrEqual(60_000);

      // One bar per window, left to right: 16 of 60 s, the cut one of 30 s, then 6 of 10 s.
      const runs = await dashboard.seriesRuns('unique');
      expect(runs.length).toBe(seeded.length);
      // A bar is its window's length on the axis, less the 1 px kept between neighbours.
      const pxPerSecond = (runs[15].left + runs[15].width - runs[0].left + 1) / (16 * 60);
      runs.forEach((run, i) => {
        expect(Math.abs(run.width + 1 - seeded[i].seconds * pxPerSecond), `bar ${i}: ${JSON.stringify(run)}`).toBeLessThanOrEqual(2);
      });
      expect(runs[0].width).toBeGreaterThan(4 * runs[20].width);

      // The zone chosen in the export form is the axis's zone too.
      const before = (await dashboard.uniqueAxisTicks())[0].label;
      await page.getByLabel('UTC', { exact: true }).check();
      await expect.poll(async () => (await dashboard.uniqueAxisTicks())[0]?.label).not.toBe(before);
      expectReadableAxis(await dashboard.uniqueAxisTicks(), 'UTC', false);
    });
  });
});

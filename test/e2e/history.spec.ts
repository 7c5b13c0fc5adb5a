// The History table in the page's zone: windows of another day show their date, a cut window is
// marked and the mark explained. History is seeded in the journal before serve starts.
import { formatInZone } from '../../src-shared/time-zones';
import { minutes, withHistory } from './support/journal-seed';
import { expect, test } from './support/fixtures';

const ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

test.use({ timezoneId: ZONE });

/** "2025-06-01" and "14:03:00" of an instant in New York. */
const dateIn = (ms: number) => formatInZone(ms, ZONE).slice(0, 10);
const clockIn = (ms: number) => formatInZone(ms, ZONE).slice(11, 19);

test('windows of another day show their date; a cut window is marked and the mark explained', async ({ page, dataDir }) => {
  const end = Math.floor(Date.now() / 10_000) * 10_000;
  const yesterdayEnd = end - DAY_MS - 2 * 3_600_000;
  // Hour-long windows make the page load the last 60 hours: yesterday's windows are among them.
  const runs = [{ windows: minutes(2), endMs: yesterdayEnd }, { windows: [{ seconds: 60 }, { seconds: 30, partial: true }] }];
  await withHistory(page, dataDir, runs, 3600, async () => {
    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(4);
    const today = dateIn(Date.now());

    // Newest first: the cut window of 30 s, a minute before it, then yesterday's two.
    const cutStart = end - 30_000;
    const cutSpan = `${clockIn(cutStart)}–${clockIn(end)}`;
    await expect(rows.nth(0).locator('td').first()).toHaveText(
      new RegExp(`^\\s*${dateIn(cutStart) === today ? '' : `${dateIn(cutStart)} `}${cutSpan}\\s*cut\\s*$`),
    );
    const cut = rows.nth(0).getByText('cut', { exact: true });
    await expect(cut).toHaveAttribute('title', /^Ended early: the listener stopped, or the window size/);
    await expect(page.getByTestId('cut-legend')).toHaveText(
      /cut\s+Ended early: the listener stopped, or the window size or event-time mode changed\./,
    );

    const oldStart = yesterdayEnd - 60_000;
    await expect(rows.nth(2).locator('td').first()).toHaveText(`${dateIn(oldStart)} ${clockIn(oldStart)}–${clockIn(yesterdayEnd)}`);
    expect(dateIn(oldStart)).not.toBe(today);
  });
});

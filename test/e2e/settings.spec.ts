import { expect, test } from './support/fixtures';

test('a bad setting is caught next to its field and cannot be applied', async ({ dashboard, page }) => {
  const windowSize = page.getByLabel('Window size');
  await expect(windowSize).toHaveValue('1');
  await windowSize.fill('0');
  await expect(page.getByText('Must be from 1 to 3,600.')).toBeVisible();
  await expect(windowSize).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Apply settings' })).toBeDisabled();
  await windowSize.fill('12.5');
  await expect(page.getByText('Enter a whole number from 1 to 3600.')).toBeVisible();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(windowSize).toHaveValue('1');
  await expect(dashboard.page.getByText('Must be from')).toHaveCount(0);
});

test('applied settings come back from the engine after a reload', async ({ dashboard, page }) => {
  const lateness = page.getByLabel('Lateness');
  await expect(lateness).toBeDisabled();
  await page.getByLabel('Event-time mode').check();
  await expect(lateness).toBeEnabled();
  await dashboard.applySettings({ Lateness: '2500', 'Most clients': '64', 'Events kept': '50' });

  await page.reload();
  await expect(page.getByTestId('link-state')).toHaveText('UI connected');
  await expect(page.getByLabel('Event-time mode')).toBeChecked();
  await expect(page.getByLabel('Lateness')).toHaveValue('2500');
  await expect(page.getByLabel('Most clients')).toHaveValue('64');
  await expect(page.getByLabel('Events kept')).toHaveValue('50');
});

test('a new edit retires the last answer: "Settings applied." never stands beside a new error', async ({ dashboard, page }) => {
  await dashboard.applySettings({ 'Most clients': '64' });
  await expect(page.getByRole('button', { name: 'Apply settings' })).toBeFocused();
  await page.getByLabel('Most clients').fill('0');
  await expect(page.getByText('Must be from 1 to 100,000.')).toBeVisible();
  await expect(page.getByText('Settings applied.')).toHaveCount(0);
});

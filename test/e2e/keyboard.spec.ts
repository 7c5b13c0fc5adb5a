import { TcpClient } from './support/tcp';
import { expect, test } from './support/fixtures';

test('every control is reached with Tab and has an accessible name', async ({ dashboard, page }) => {
  const port = await dashboard.startListening(0);
  const client = await TcpClient.open(port);
  await expect(page.getByTestId('connection-row')).toHaveCount(1);

  // Controls that can take focus at all (disabled ones cannot, by design).
  const focusable = page.locator('button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"], a[href]');
  const expected = await focusable.count();
  expect(expected).toBeGreaterThan(15);

  const seen = new Set<string>();
  let first: string | null = null;
  await page.locator('body').focus();
  // Date-time fields take a Tab per part (month, day, …), so allow many presses; stop once the
  // focus comes round to the first control again.
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if ((await focused.count()) === 0) continue;
    // Radio groups take one Tab stop; arrows move inside them.
    const key = await focused.evaluate((el) => {
      const e = el as unknown as { id: string; name?: string; type?: string; outerHTML: string };
      return e.type === 'radio' ? `radio:${e.name}` : e.id || e.outerHTML.slice(0, 120);
    });
    if (key === first && seen.size > 1) break;
    first ??= key;
    seen.add(key);
    await expect(focused).toHaveAccessibleName(/\S/);
  }
  const radioGroups = await page
    .locator('input[type=radio]')
    .evaluateAll((els) => new Set(els.map((e) => (e as unknown as { name: string }).name)).size);
  const radios = await page.locator('input[type=radio]').count();
  expect(seen.size).toBe(expected - radios + radioGroups);
  await client.close();
});

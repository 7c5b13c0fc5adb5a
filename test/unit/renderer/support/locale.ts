// The renderer formats numbers in the viewer's locale. Tests write expectations in en-US form and
// translate the separators, so they pin the grouping and rounding whatever locale the machine has.
const parts = new Intl.NumberFormat(undefined).formatToParts(1234.5);
const group = parts.find((p) => p.type === 'group')?.value ?? ',';
const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';

/** "1,234.5" in the default locale's separators (e.g. "1.234,5" under de-DE). */
export function local(enUs: string): string {
  return enUs.replace(/[,.]/g, (c) => (c === ',' ? group : decimal));
}

/** Whether the default locale is English, for the few texts (compact "K", "M") only it fixes. */
export const ENGLISH = new Intl.NumberFormat().resolvedOptions().locale.startsWith('en');

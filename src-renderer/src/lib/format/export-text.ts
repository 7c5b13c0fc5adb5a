// The export panel's counts in words, singular for one: plain, so unit tests pin them.
import { countOf, formatBytes, formatCount } from './numbers';

/** "12 / 40 windows", "0 / 1 window": windows written so far of all. */
export function exportProgressText(done: number, total: number): string {
  return `${formatCount(done)} / ${countOf(total, 'window')}`;
}

/** "1 row, 87 B": what a saved file holds. */
export function exportSizeText(rows: number, bytes: number): string {
  return `${countOf(rows, 'row')}, ${formatBytes(bytes)}`;
}

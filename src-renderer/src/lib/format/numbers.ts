// Number formatting for the dashboard: one place, so every card rounds and groups the same way.

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** A count with digit grouping, e.g. 1,234,567; fractional StatsD counts keep one decimal. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? whole.format(n) : oneDecimal.format(n);
}

/** A short count for chart axes, e.g. 1.2K. */
export function formatCompact(n: number): string {
  return compact.format(n);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in 1024 steps, e.g. 12.5 MB. */
export function formatBytes(n: number): string {
  let v = n;
  let unit = 0;
  while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? whole.format(v) : oneDecimal.format(v)} ${BYTE_UNITS[unit]}`;
}

/** A count with its noun, singular for exactly 1: "1 window", "1,234 windows". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

const significant = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

/**
 * A measured value (a latency, a gauge, a JSON value): four significant digits below 1,000 so
 * 0.01234 and 12.34 both say something, whole and grouped above, where decimals are noise.
 */
export function formatValue(n: number): string {
  return Math.abs(n) >= 1000 ? whole.format(n) : significant.format(n);
}

const percentWhole = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const percentOne = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** A share of 0 to 1 as a percentage: whole from 10 %, one decimal below, "< 0.1 %" for a sliver that is not nothing. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.001) return `< ${percentOne.format(0.001)}`;
  return share >= 0.1 ? percentWhole.format(share) : percentOne.format(share);
}

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

// The numbers over an event's view, in words: plain, so unit tests pin what each one says.
import type { EventStats } from '../charts/event-series';
import { countOf, formatCount, formatValue } from './numbers';

export interface Figure {
  id: 'total' | 'last' | 'values' | 'gauge';
  label: string;
  value: string;
  note: string;
}

/** Its total over the windows shown, its latest window (count, users, values) and its gauge's level. */
export function eventFigures(s: EventStats): Figure[] {
  const last = s.last;
  const v = last?.values ?? null;
  return [
    { id: 'total', label: 'In these windows', value: formatCount(s.total), note: `in ${s.windowsWith} of ${countOf(s.windows, 'window')}` },
    {
      id: 'last',
      label: 'Latest window with it',
      value: last ? formatCount(last.count) : '—',
      note: last ? `${last.distinct_users_exact ? '' : '≈ '}${countOf(last.distinct_users, 'user')}` : 'not in these windows',
    },
    {
      id: 'values',
      label: 'Mean value, that window',
      value: v ? formatValue(v.mean) : '—',
      note: v ? `of ${countOf(v.count, 'value')}${v.p99 === null ? '' : `, p99 ${formatValue(v.p99)}`}` : 'no values',
    },
    {
      id: 'gauge',
      label: 'Gauge',
      value: s.gauge === null ? '—' : formatValue(s.gauge),
      note: s.gauge === null ? 'no gauge' : 'latest level',
    },
  ];
}

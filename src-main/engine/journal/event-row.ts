// How one per-event row sits in a counts line of the journal: compact arrays, not objects, since a
// window may carry a thousand rows. Older journals wrote the shorter forms, which still read.
//   [event, count]                     exact count, nothing more
//   [event, count, error]              Space-Saving estimate with its overcount bound
//   [event, count, error|null, extra]  extra = {u: [users, exact 1|0], v: [count, sum, min, max,
//                                      mean, p50, p90, p99], g: gauge level, t: [[key, [[value, count], …]], …]}
import type { EventRow, EventValues, TagBreakdown } from '../../../src-shared/types';

interface Extra {
  u?: [number, number];
  v?: [number, number, number, number, number, number | null, number | null, number | null];
  g?: number;
  t?: [string, [string, number][]][];
}

export function encodeRow(row: EventRow): unknown[] {
  const extra: Extra = {};
  let any = false;
  if (row.distinct_users !== undefined && row.distinct_users > 0) {
    extra.u = [row.distinct_users, row.distinct_users_exact === false ? 0 : 1];
    any = true;
  }
  const v = row.values;
  if (v) {
    extra.v = [v.count, v.sum, v.min, v.max, v.mean, v.p50, v.p90, v.p99];
    any = true;
  }
  if (row.gauge_last !== undefined && row.gauge_last !== null) {
    extra.g = row.gauge_last;
    any = true;
  }
  if (row.tags && row.tags.length > 0) {
    extra.t = row.tags.map((t) => [t.key, t.values.map((x) => [x.value, x.count] as [string, number])]);
    any = true;
  }
  if (any) return [row.event, row.count, row.error ?? null, extra];
  return row.error === undefined ? [row.event, row.count] : [row.event, row.count, row.error];
}

const isNum = (x: unknown): x is number => typeof x === 'number';

function decodeValues(v: unknown): EventValues | null {
  if (!Array.isArray(v) || v.length !== 8 || !v.slice(0, 5).every(isNum) || !v.slice(5).every((x) => x === null || isNum(x))) return null;
  const [count, sum, min, max, mean, p50, p90, p99] = v as [
    number,
    number,
    number,
    number,
    number,
    number | null,
    number | null,
    number | null,
  ];
  return { count, sum, min, max, mean, p50, p90, p99 };
}

function decodeTags(t: unknown): TagBreakdown[] | null {
  if (!Array.isArray(t)) return null;
  const out: TagBreakdown[] = [];
  for (const entry of t) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) return null;
    const values: TagBreakdown['values'] = [];
    for (const pair of entry[1] as unknown[]) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !isNum(pair[1])) return null;
      values.push({ value: pair[0], count: pair[1] });
    }
    out.push({ key: entry[0], values });
  }
  return out;
}

/** A row of a counts line, or null when it is not one (the line is then unreadable). */
export function decodeRow(raw: unknown): EventRow | null {
  if (!Array.isArray(raw) || typeof raw[0] !== 'string' || !isNum(raw[1])) return null;
  const row: EventRow = { event: raw[0], count: raw[1] };
  if (isNum(raw[2])) row.error = raw[2];
  const extra = raw[3] as Extra | undefined;
  if (extra === undefined) return row;
  if (typeof extra !== 'object' || extra === null) return null;
  row.distinct_users = extra.u?.[0] ?? 0;
  row.distinct_users_exact = extra.u ? extra.u[1] === 1 : true;
  row.values = extra.v === undefined ? null : decodeValues(extra.v);
  row.gauge_last = isNum(extra.g) ? extra.g : null;
  if (extra.t !== undefined) {
    const tags = decodeTags(extra.t);
    if (tags === null) return null;
    row.tags = tags;
  }
  return row;
}

// The names and per-event details of two partials merged (see partial.ts). Names stay exact, with
// exact counts, while the union stays within the exact limit, as in one NameCounts; past it they
// become Space-Saving counters merged as mergeable summaries (sketch/top-k-merge.ts states the
// bounds), and the unique count comes from the HyperLogLog of the union. Details follow their
// names; a name the merge does not keep hands its details to `(other)`, so no value is lost.
import { hashHi, hashLo } from '../sketch/hash';
import { HyperLogLog } from '../sketch/hll';
import { mergeKeySets } from '../sketch/key-set';
import { DEFAULT_PRECISION } from '../sketch/distinct';
import type { NameCountsState } from '../sketch/name-counts';
import { SMALL_DISTINCT_KIND } from '../sketch/small-distinct';
import { mergeTagStates } from '../sketch/tag-counts';
import { keepOnly, selectTopK, topKCandidates } from '../sketch/top-k-merge';
import { mergeValueStates } from '../sketch/value-stats';
import { EventEntry, gaugeWins } from './event-entry';
import type { EventDetail, WindowPartial } from './partial';

type NamesAndDetails = Pick<WindowPartial, 'names' | 'details' | 'other'>;

export function mergeNames(a: NamesAndDetails, b: NamesAndDetails): NamesAndDetails {
  const na = a.names;
  const nb = b.names;
  if (na.exact_limit !== nb.exact_limit || na.capacity !== nb.capacity) {
    throw new Error(
      `cannot merge partials counting names exactly to ${na.exact_limit} with ${na.capacity} counters and to ${nb.exact_limit} with ${nb.capacity}`,
    );
  }
  const candidates = topKCandidates(
    { labels: na.names, counts: na.counts, errors: na.errors, floor: na.floor },
    { labels: nb.names, counts: nb.counts, errors: nb.errors, floor: nb.floor },
  );
  const exact = na.exact && nb.exact && candidates.labels.length <= na.exact_limit;
  const { kept, floor } = selectTopK(candidates, exact ? Infinity : na.capacity);
  const c = keepOnly(candidates, kept, floor);
  const names: NameCountsState = {
    exact_limit: na.exact_limit,
    capacity: na.capacity,
    exact,
    names: c.labels,
    counts: c.counts,
    errors: exact ? null : c.errors,
    floor: exact ? 0 : c.floor,
    registers: exact ? null : unionRegisters(na, nb),
  };
  if (a.details === null || b.details === null) return { names, details: null, other: null };
  const da = a.details;
  const db = b.details;
  const details = new Array<EventDetail | null>(c.labels.length);
  for (let i = 0; i < details.length; i++) {
    details[i] = mergeDetails(c.fromA[i]! >= 0 ? da[c.fromA[i]!]! : null, c.fromB[i]! >= 0 ? db[c.fromB[i]!]! : null);
  }
  // The names dropped, with what they had, go to (other) through one entry (one sketch, not one per name).
  let other: EventEntry | null = null;
  const fold = (d: EventDetail | null) => {
    if (d !== null) (other ??= new EventEntry()).mergeDetail(d);
  };
  fold(a.other);
  fold(b.other);
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] === 1) continue;
    if (candidates.fromA[i]! >= 0) fold(da[candidates.fromA[i]!]!);
    if (candidates.fromB[i]! >= 0) fold(db[candidates.fromB[i]!]!);
  }
  return { names, details, other: (other as EventEntry | null)?.exportDetail() ?? null };
}

/** The details of one event from both sides. Pure; a side alone is returned as it is. */
export function mergeDetails(a: EventDetail | null, b: EventDetail | null): EventDetail | null {
  if (a === null) return b;
  if (b === null) return a;
  const bWins = gaugeWins(b.gauge_at, b.gauge, a.gauge_at, a.gauge);
  return {
    users: a.users && b.users ? mergeKeySets(a.users, b.users, SMALL_DISTINCT_KIND) : (a.users ?? b.users),
    values: a.values && b.values ? mergeValueStates(a.values, b.values) : (a.values ?? b.values),
    gauge: bWins ? b.gauge : a.gauge,
    gauge_at: bWins ? b.gauge_at : a.gauge_at,
    tags: a.tags && b.tags ? mergeTagStates(a.tags, b.tags) : (a.tags ?? b.tags),
  };
}

/** The HLL of every name either side saw: registers merged, exact names hashed in (as NameCounts hashes their bytes). */
function unionRegisters(a: NameCountsState, b: NameCountsState): Uint8Array {
  const registers = a.registers ?? b.registers;
  const hll = registers !== null ? HyperLogLog.fromRegisters(registers) : new HyperLogLog(DEFAULT_PRECISION);
  if (a.registers !== null && b.registers !== null) hll.merge(HyperLogLog.fromRegisters(b.registers));
  for (const side of [a, b]) {
    if (side.registers !== null) continue;
    for (const name of side.names) {
      const bytes = Buffer.from(name, 'utf8');
      hll.addHash(hashLo(bytes, 0, bytes.length), hashHi(bytes, 0, bytes.length));
    }
  }
  return hll.exportRegisters();
}

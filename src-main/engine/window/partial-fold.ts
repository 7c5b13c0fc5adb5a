// Many partials of one window merged at once (a cluster viewer's window from hundreds of nodes).
// mergePartials folded N − 1 times is pure, so every step makes new per-name details (typed arrays
// of sketch bins, key sets, tags) for every name: most of the time of a large fold went to making
// and collecting them. Here the names, counts and everything but the details fold as before
// (cheap: arrays of names and numbers), then each name's details from every partial are added into
// one mutable EventEntry, and exported once. Same exact fields as the fold (float sums up to their
// order); a name the fold drops goes to `(other)` with its details, so no value is lost either way.
import { mergePartials, type EventDetail, type WindowPartial } from './partial';
import { EventEntry } from './event-stats';

/**
 * The merge of `partials` (at least one, all of one window); mergePartials' errors for ones that
 * do not merge. `counts`, when given, is their merge without details (a caller that merged them so
 * far to check each one as it came).
 */
export function foldPartials(partials: readonly WindowPartial[], counts: WindowPartial = foldCounts(partials)): WindowPartial {
  if (partials.length === 1) return partials[0]!;
  if (partials.some((p) => p.details === null)) return counts;
  const entries = new Map<string, EventEntry>();
  for (const name of counts.names.names) entries.set(name, new EventEntry());
  let other: EventEntry | null = null;
  const toOther = (d: EventDetail) => (other ??= new EventEntry()).mergeDetail(d);
  for (const p of partials) {
    const names = p.names.names;
    for (let i = 0; i < names.length; i++) {
      const d = p.details![i];
      if (d === null || d === undefined) continue;
      const entry = entries.get(names[i]!);
      if (entry) entry.mergeDetail(d);
      else toOther(d);
    }
    if (p.other !== null) toOther(p.other);
  }
  const details = counts.names.names.map((name) => {
    const entry = entries.get(name)!;
    return entry.used ? entry.exportDetail() : null;
  });
  return { ...counts, details, other: (other as EventEntry | null)?.exportDetail() ?? null };
}

/** The merge of `partials` without their details: names, counts, users, values left out. */
export function foldCounts(partials: readonly WindowPartial[]): WindowPartial {
  if (partials.length === 0) throw new Error('foldPartials: no partials');
  let counts = withoutDetails(partials[0]!);
  for (let i = 1; i < partials.length; i++) counts = mergePartials(counts, withoutDetails(partials[i]!));
  return counts;
}

export function withoutDetails(p: WindowPartial): WindowPartial {
  return p.details === null && p.other === null ? p : { ...p, details: null, other: null };
}

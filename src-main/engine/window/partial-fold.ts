// Many partials of one window merged one by one into a mutable accumulator (a cluster viewer's
// window from hundreds of nodes). mergePartials folded N − 1 times is pure, so every step makes new
// per-name details (typed arrays of sketch bins, key sets, tags) for every name, and keeping the
// partials to merge them at the end holds them all in memory. Here the names, counts and everything
// but the details merge as mergePartials does (arrays of names and numbers), while each kept name's
// details are added into one EventEntry; a name the merge stops keeping hands what it had to
// `(other)`, as in a pairwise fold, so memory stays bounded by the names kept and no value is lost.
// Same exact fields as the pairwise fold (float sums up to their order).
import { EventEntry } from './event-entry';
import { mergePartials, type EventDetail, type WindowPartial } from './partial';

export class PartialFold {
  private counts: WindowPartial | null = null;
  private readonly entries = new Map<string, EventEntry>();
  private other: EventEntry | null = null;
  /** A partial without details came: the result has none either. */
  private detailsLeftOut = false;

  /** Adds `p`; throws mergePartials' error (and keeps the fold as it was) for one of another window or limits. */
  add(p: WindowPartial): void {
    const lean = withoutDetails(p);
    this.counts = this.counts === null ? lean : mergePartials(this.counts, lean);
    if (p.details === null) {
      this.detailsLeftOut = true;
      return;
    }
    const names = p.names.names;
    for (let i = 0; i < names.length; i++) {
      const d = p.details[i];
      if (d === null || d === undefined) continue;
      let entry = this.entries.get(names[i]!);
      if (entry === undefined) this.entries.set(names[i]!, (entry = new EventEntry()));
      entry.mergeDetail(d);
    }
    if (p.other !== null) this.toOther(p.other);
    const kept = this.counts.names.names;
    if (this.entries.size > kept.length || !this.counts.names.exact) {
      const keep = new Set(kept);
      for (const [name, entry] of this.entries) {
        if (keep.has(name)) continue;
        (this.other ??= new EventEntry()).merge(entry);
        this.entries.delete(name);
      }
    }
  }

  /** The merge of every partial added so far (at least one). */
  result(): WindowPartial {
    const counts = this.counts;
    if (counts === null) throw new Error('PartialFold: no partials');
    if (this.detailsLeftOut) return counts;
    const details = counts.names.names.map((name) => {
      const entry = this.entries.get(name);
      return entry?.used ? entry.exportDetail() : null;
    });
    return { ...counts, details, other: this.other?.exportDetail() ?? null };
  }

  private toOther(d: EventDetail): void {
    (this.other ??= new EventEntry()).mergeDetail(d);
  }
}

/** The merge of `partials` (at least one, all of one window); mergePartials' errors for ones that do not merge. */
export function foldPartials(partials: readonly WindowPartial[]): WindowPartial {
  if (partials.length === 1) return partials[0]!;
  const fold = new PartialFold();
  for (const p of partials) fold.add(p);
  return fold.result();
}

export function withoutDetails(p: WindowPartial): WindowPartial {
  return p.details === null && p.other === null ? p : { ...p, details: null, other: null };
}

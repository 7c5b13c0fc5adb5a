// Putting the ingest threads' shards back together (DESIGN §9): windows merged by their start,
// partials handed back by a worker that left (orphans) folded into their window when it closes,
// and per-second rates summed second by second.
import { mergePartials, type WindowPartial } from '../window/partial';
import type { RateSeries } from '../window/rate-history';
import type { IngestReport } from '../worker/ingest-protocol';

/**
 * The windows of several shards' lists merged by start, oldest first. Every shard closes the same
 * windows at the same instant, but one made later may lack the first ones: a window is whatever
 * shards have it.
 */
export function mergeByWindow(lists: readonly WindowPartial[][]): WindowPartial[] {
  const byStart = new Map<number, WindowPartial>();
  for (const list of lists) {
    for (const p of list) {
      const held = byStart.get(p.start_ms);
      byStart.set(p.start_ms, held ? mergePartials(held, p) : p);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start_ms - b.start_ms);
}

/** Open windows handed back by workers that went, by start, until their window closes. */
export class Orphans {
  private readonly byStart = new Map<number, WindowPartial>();

  keep(partials: readonly WindowPartial[]): void {
    for (const p of partials) {
      const held = this.byStart.get(p.start_ms);
      this.byStart.set(p.start_ms, held ? mergePartials(held, p) : p);
    }
  }

  /** The closed windows with the orphans of their windows merged in (and let go). */
  takeInto(closed: WindowPartial[]): WindowPartial[] {
    return closed.map((p) => {
      const orphan = this.byStart.get(p.start_ms);
      if (!orphan) return p;
      this.byStart.delete(p.start_ms);
      return mergePartials(p, alignedTo(orphan, p));
    });
  }

  /** The open window `p` with its orphan's counts (not its details: a snapshot's window has none). */
  addTo(p: WindowPartial): WindowPartial {
    const orphan = this.byStart.get(p.start_ms);
    return orphan ? mergePartials(p, { ...alignedTo(orphan, p), details: null, other: null }) : p;
  }

  addTotals(t: { events: number; late: number }): { events: number; late: number } {
    for (const o of this.byStart.values()) {
      t.events += o.events;
      t.late += o.late;
    }
    return t;
  }
}

/** Adds `more` into `into`, second by second where they overlap (both epoch-second aligned). */
export function addRates(into: RateSeries, more: RateSeries): void {
  const offset = (more.start - into.start) / 1000;
  for (let i = 0; i < more.counts.length; i++) {
    const at = i + offset;
    if (at >= 0 && at < into.counts.length) into.counts[at]! += more.counts[i]!;
  }
}

/** `own` (events and late events of open windows) with those of the workers' reports added. */
export function addOpenTotals(own: { events: number; late: number }, reports: readonly IngestReport[]): { events: number; late: number } {
  for (const r of reports) {
    own.events += r.open.events;
    own.late += r.open.late;
  }
  return own;
}

/** An orphan as part of `window`: handed back before the window was cut (if it was), it ends where the window ended. */
function alignedTo(orphan: WindowPartial, window: WindowPartial): WindowPartial {
  return { ...orphan, end_ms: window.end_ms, partial: window.partial };
}

// What a window knows of one event beyond its count, as an object (DESIGN §8): the `(other)` row
// of a window, and each name of a merge (PartialFold, records). A window's own names keep theirs in
// EventStats' flat arrays instead; these take what those hand over.
import { SmallDistinct } from '../sketch/small-distinct';
import { TagCounts } from '../sketch/tag-counts';
import { ValueStats } from '../sketch/value-stats';
import type { EventDetail } from './partial';

/** Gauge levels outlive windows (a `+1` moves the level the last window ended at); this many names are remembered. */
const GAUGES_REMEMBERED = 10_000;

/** The last gauge level of each name, across windows; shared by an aggregator's windows. */
export class GaugeLevels {
  private readonly levels = new Map<string, number>();

  get(name: string): number | undefined {
    return this.levels.get(name);
  }

  set(name: string, level: number): void {
    this.levels.delete(name);
    this.levels.set(name, level);
    // The oldest set first goes: Map keeps insertion order.
    if (this.levels.size > GAUGES_REMEMBERED) this.levels.delete(this.levels.keys().next().value as string);
  }
}

/**
 * Whether a gauge level set at `at` (arrival, epoch ms) replaces one set at `overAt`: the later wins,
 * and of two set in the same ms the larger, so that merging in any order gives one answer.
 */
export function gaugeWins(at: number, level: number, overAt: number, overLevel: number): boolean {
  if (!(level === level)) return false;
  if (!(overLevel === overLevel)) return true;
  return at > overAt || (at === overAt && level > overLevel);
}

export class EventEntry {
  /** Whether anything was recorded since the last reset (reset entries are kept for reuse). */
  used = false;
  users: SmallDistinct | null = null;
  values: ValueStats | null = null;
  /** NaN until a gauge line came. */
  gauge = NaN;
  /** Arrival (epoch ms) of the gauge line that set `gauge`; NaN until one came. */
  gaugeAt = NaN;
  tags: TagCounts | null = null;

  /** Folds `other` in: through its plain data, the one fold (mergeDetail); each part's merge() goes through its state the same way. */
  merge(other: EventEntry): void {
    this.mergeDetail(other.exportDetail());
  }

  /** As plain data for a partial; an emptied counter (kept for reuse) exports as none. */
  exportDetail(): EventDetail {
    return {
      users: this.users !== null && this.users.count > 0 ? this.users.exportState() : null,
      values: this.values !== null && this.values.count > 0 ? this.values.exportState() : null,
      gauge: this.gauge,
      gauge_at: this.gaugeAt,
      tags: this.tags?.exportState() ?? null,
    };
  }

  /** merge() with details as plain data (from exportDetail or a merge) rather than an entry. */
  mergeDetail(d: EventDetail): void {
    this.used = true;
    if (d.users) (this.users ??= new SmallDistinct()).mergeState(d.users);
    if (d.values) (this.values ??= new ValueStats()).mergeState(d.values);
    if (d.tags) (this.tags ??= new TagCounts()).mergeState(d.tags);
    if (gaugeWins(d.gauge_at, d.gauge, this.gaugeAt, this.gauge)) {
      this.gauge = d.gauge;
      this.gaugeAt = d.gauge_at;
    }
  }

  /** Empties it for another name, keeping what it made for reuse (tag maps are not worth it). */
  reset(): void {
    this.used = false;
    this.users?.reset();
    this.values?.reset();
    this.gauge = NaN;
    this.gaugeAt = NaN;
    this.tags = null;
  }
}

// What a window knows of each event beyond its count (DESIGN §8): distinct users, values (with
// quantiles), the gauge level and the tag breakdown. Kept by the name counter's id, made only when
// a name gets one of them, so a window of plain lines pays nothing. When Space-Saving hands a name's
// counter to another name, what the old name had folds into the `(other)` row, as do the names
// the record does not list: nothing counted is dropped.
import * as parsedEvent from '../parse/parsed-event';
import type { ParsedEvent } from '../parse/parsed-event';
import { readTags } from '../parse/tags';
import { SmallDistinct } from '../sketch/small-distinct';
import { TagCounts } from '../sketch/tag-counts';
import { ValueStats } from '../sketch/value-stats';
import type { EventDetail } from './partial';

const { TAGS_NONE, VALUE_COUNTER, VALUE_GAUGE, VALUE_GAUGE_DELTA, VALUE_MEASURE, VALUE_NONE } = parsedEvent;

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

  merge(other: EventEntry): void {
    this.used = true;
    if (other.users) (this.users ??= new SmallDistinct()).merge(other.users);
    if (other.values) (this.values ??= new ValueStats()).merge(other.values);
    if (other.tags) (this.tags ??= new TagCounts()).merge(other.tags);
    if (gaugeWins(other.gaugeAt, other.gauge, this.gaugeAt, this.gauge)) {
      this.gauge = other.gauge;
      this.gaugeAt = other.gaugeAt;
    }
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

export class EventStats {
  private entries: (EventEntry | undefined)[] = [];
  /** What names no longer kept had: part of the (other) row. */
  private evicted: EventEntry | null = null;

  constructor(
    private readonly gauges: GaugeLevels,
    /** The name of a counter id (for gauge levels carried across windows). */
    private readonly nameOf: (id: number) => string,
  ) {}

  /**
   * The event `ev`, counted under counter `id`, that arrived at `at` (epoch ms); `userLo`/`userHi`
   * are its user's hash halves when it has one.
   */
  record(id: number, ev: ParsedEvent, userLo: number, userHi: number, at: number): void {
    const e = (this.entries[id] ??= new EventEntry());
    e.used = true;
    if (ev.userEnd >= 0) (e.users ??= new SmallDistinct()).add(userLo, userHi);
    const kind = ev.valueKind;
    if (kind !== VALUE_NONE) {
      let value = ev.value;
      if (kind === VALUE_GAUGE_DELTA) {
        const base = e.gauge === e.gauge ? e.gauge : (this.gauges.get(this.nameOf(id)) ?? 0);
        value += base;
      }
      if (kind === VALUE_GAUGE || kind === VALUE_GAUGE_DELTA) {
        e.gauge = value;
        e.gaugeAt = at;
      }
      const values = (e.values ??= new ValueStats());
      // A measurement stands for `count` of them (1/rate when sampled); a counter step or gauge line for one.
      if (kind === VALUE_COUNTER) values.addStep(value, 1);
      else values.add(value, kind === VALUE_MEASURE ? ev.count : 1);
    }
    if (ev.tagsFormat !== TAGS_NONE) {
      const tags = (e.tags ??= new TagCounts());
      const weight = ev.count;
      readTags(ev, (key, value) => tags.add(key, value, weight));
    }
  }

  /** The name holding counter `id` is no longer kept: what it had goes to (other). */
  evict(id: number): void {
    const e = this.entries[id];
    if (e === undefined || !e.used) return;
    (this.evicted ??= new EventEntry()).merge(e);
    // The counter goes to another name at once: its entry is emptied for it rather than remade.
    e.reset();
  }

  /** The details of the names holding counter `ids`, in that order (null for a name with none). */
  exportDetails(ids: readonly number[]): (EventDetail | null)[] {
    return ids.map((id) => {
      const e = this.entries[id];
      return e?.used ? e.exportDetail() : null;
    });
  }

  /** What the names no longer kept had: the `(other)` row's share from evictions; null when none. */
  evictedDetail(): EventDetail | null {
    return this.evicted?.exportDetail() ?? null;
  }

  /** The window closes: the gauge levels of its names (counter `ids`) are where a `+N` in a later window starts from. */
  keepGauges(ids: readonly number[]): void {
    for (const id of ids) {
      const e = this.entries[id];
      if (e?.used && e.gauge === e.gauge) this.gauges.set(this.nameOf(id), e.gauge);
    }
  }

  /** Empties it for the next window, keeping the entries for reuse. */
  reset(): void {
    for (const e of this.entries) if (e?.used) e.reset();
    this.evicted = null;
  }
}

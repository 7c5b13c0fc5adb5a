// What a window knows of each event beyond its count (DESIGN §8): distinct users, values (with
// quantiles), the gauge level and the tag breakdown. Kept by the name counter's id, made only when
// a name gets one of them, so a window of plain lines pays nothing. When Space-Saving hands a name's
// counter to another name, what the old name had folds into the `(other)` row, as do the names
// the record does not list: nothing counted is dropped.
import { OTHER_EVENT, type EventCount, type EventRow } from '../../../src-shared/types';
import * as parsedEvent from '../parse/parsed-event';
import type { ParsedEvent } from '../parse/parsed-event';
import { readTags } from '../parse/tags';
import { SmallDistinct } from '../sketch/small-distinct';
import { TagCounts } from '../sketch/tag-counts';
import { ValueStats } from '../sketch/value-stats';

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

export class EventEntry {
  /** Whether anything was recorded since the last reset (reset entries are kept for reuse). */
  used = false;
  users: SmallDistinct | null = null;
  values: ValueStats | null = null;
  /** NaN until a gauge line came. */
  gauge = NaN;
  tags: TagCounts | null = null;

  merge(other: EventEntry): void {
    this.used = true;
    if (other.users) (this.users ??= new SmallDistinct()).merge(other.users);
    if (other.values) (this.values ??= new ValueStats()).merge(other.values);
    if (other.tags) (this.tags ??= new TagCounts()).merge(other.tags);
    // Of two gauges the one known last wins; folded names have no order, so any known level does.
    if (other.gauge === other.gauge) this.gauge = other.gauge;
  }

  /** Empties it for another name, keeping what it made for reuse (tag maps are not worth it). */
  reset(): void {
    this.used = false;
    this.users?.reset();
    this.values?.reset();
    this.gauge = NaN;
    this.tags = null;
  }

  /** The row's fields beyond event and count. */
  fill(row: EventRow): EventRow {
    row.distinct_users = this.users?.count ?? 0;
    row.distinct_users_exact = this.users?.exact ?? true;
    row.values = this.values?.result() ?? null;
    row.gauge_last = this.gauge === this.gauge ? this.gauge : null;
    if (this.tags) row.tags = this.tags.result();
    return row;
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

  /** The event `ev`, counted under counter `id`; `userLo`/`userHi` are its user's hash halves when it has one. */
  record(id: number, ev: ParsedEvent, userLo: number, userHi: number): void {
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
      if (kind === VALUE_GAUGE || kind === VALUE_GAUGE_DELTA) e.gauge = value;
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

  /**
   * The rows of the listed names (`listed`, counter ids, with their entries as NameCounts gives
   * them), and the `(other)` row's details from every name not listed and every name evicted.
   */
  rows(
    listed: readonly number[],
    entries: readonly EventCount[],
    allIds: readonly number[],
  ): { rows: EventRow[]; other: EventEntry | null } {
    const rows: EventRow[] = [];
    for (let i = 0; i < listed.length; i++) {
      const e = this.entries[listed[i]!];
      const row: EventRow = { ...entries[i]! };
      rows.push(e?.used ? e.fill(row) : row);
      if (e?.used && e.gauge === e.gauge) this.gauges.set(row.event, e.gauge);
    }
    const isListed = new Set(listed);
    let other = this.evicted;
    for (const id of allIds) {
      const e = this.entries[id];
      if (e === undefined || !e.used || isListed.has(id)) continue;
      (other ??= new EventEntry()).merge(e);
      if (e.gauge === e.gauge) this.gauges.set(this.nameOf(id), e.gauge);
    }
    return { rows, other };
  }

  /** The `(other)` row, with the details of what it folds when there are any. */
  static otherRow(count: number, other: EventEntry | null): EventRow {
    const row: EventRow = { event: OTHER_EVENT, count };
    return other ? other.fill(row) : row;
  }

  /** Empties it for the next window, keeping the entries for reuse. */
  reset(): void {
    for (const e of this.entries) if (e?.used) e.reset();
    this.evicted = null;
  }
}

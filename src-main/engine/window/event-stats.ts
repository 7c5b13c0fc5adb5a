// What a window knows of each of its names beyond the count (DESIGN §8): distinct users, values
// (with quantiles), the gauge level and the tag breakdown, kept by the name counter's id. When
// Space-Saving hands a counter to another name, what the old name had folds into the `(other)` row
// (an EventEntry): nothing counted is dropped.
//
// Past the counters, a busy window evicts a name on nearly every line, and most of those names were
// seen once. So each id's totals, gauge, first user and first ranked value sit side by side in one
// Float64Array: recording and evicting such a name touches one stretch of memory, where objects per
// name (entry, values, users) cost a cache miss each: at a million names that was most of a StatsD
// line's time (bench/hot-path.ts). A name's second user, second ranked value or first tag makes the
// objects (SmallDistinct, ValueStats, TagCounts), kept for reuse by later names of the same id.
import * as parsedEvent from '../parse/parsed-event';
import type { ParsedEvent } from '../parse/parsed-event';
import { readTags } from '../parse/tags';
import { keyOf, SmallDistinct } from '../sketch/small-distinct';
import { TagCounts } from '../sketch/tag-counts';
import { ValueStats } from '../sketch/value-stats';
import { EventEntry, gaugeWins, type GaugeLevels } from './event-entry';
import type { EventDetail } from './partial';

const { TAGS_NONE, VALUE_COUNTER, VALUE_GAUGE, VALUE_GAUGE_DELTA, VALUE_MEASURE, VALUE_NONE } = parsedEvent;

// The fields of one id, at id * STRIDE.
const FLAGS = 0;
const COUNT = 1;
const SUM = 2;
const MIN = 3;
const MAX = 4;
/** NaN until a gauge line came. */
const GAUGE = 5;
/** Arrival (epoch ms) of the gauge line that set the level; NaN until one came. */
const GAUGE_AT = 6;
/** The first user's key (keyOf), while USER_INLINE. */
const USER = 7;
/** The first value for the quantiles and its weight, while RANK_INLINE. */
const RANK_VALUE = 8;
const RANK_WEIGHT = 9;
const STRIDE = 10;

// FLAGS bits.
const USED = 1;
const USER_INLINE = 2;
/** users[id] holds the users (two or more). */
const USERS = 4;
const RANK_INLINE = 8;
/** ranks[id] holds the ranked values (two or more). */
const RANKS = 16;
/** tags[id] holds the tags. */
const TAGS = 32;

/** Ids the arrays start with; they double on demand up to the name table's limit. */
const INITIAL_IDS = 256;

const EMPTY_ID = new Float64Array(STRIDE);
EMPTY_ID[MIN] = Infinity;
EMPTY_ID[MAX] = -Infinity;
EMPTY_ID[GAUGE] = NaN;
EMPTY_ID[GAUGE_AT] = NaN;
/** No values kept for the quantiles (counter steps only). */
const EMPTY_PAIRS = new Float64Array(0);

export class EventStats {
  private flat = new Float64Array(0);
  /** Ids the arrays have room for. */
  private idsHeld = 0;
  private readonly users: (SmallDistinct | undefined)[] = [];
  /** Only their quantiles are read: the totals are in flat. */
  private readonly ranks: (ValueStats | undefined)[] = [];
  private readonly tags: (TagCounts | null)[] = [];
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
    if (id >= this.idsHeld) this.grow(id);
    const f = this.flat;
    const o = id * STRIDE;
    let flags = f[o + FLAGS]! | USED;
    if (ev.userEnd >= 0) flags = this.addUser(id, o, flags, userLo, userHi);
    const kind = ev.valueKind;
    if (kind !== VALUE_NONE) {
      let value = ev.value;
      if (kind === VALUE_GAUGE_DELTA) {
        const level = f[o + GAUGE]!;
        value += level === level ? level : (this.gauges.get(this.nameOf(id)) ?? 0);
      }
      if (kind === VALUE_GAUGE || kind === VALUE_GAUGE_DELTA) {
        f[o + GAUGE] = value;
        f[o + GAUGE_AT] = at;
      }
      // A measurement stands for `count` of them (1/rate when sampled); a counter step or gauge line for one.
      const weight = kind === VALUE_MEASURE ? ev.count : 1;
      this.addTotals(o, value, weight);
      // Counter steps are not a distribution worth ranking (value-stats.ts).
      if (kind !== VALUE_COUNTER) flags = this.rank(id, o, flags, value, weight);
    }
    if (ev.tagsFormat !== TAGS_NONE) {
      let tags = this.tags[id];
      if (!(flags & TAGS) || !tags) this.tags[id] = tags = new TagCounts();
      flags |= TAGS;
      readTags(ev, tags, ev.count);
    }
    f[o + FLAGS] = flags;
  }

  /** record() of a StatsD counter step `value` without user or tags, under counter `id`: the same result, the common case alone. */
  addStep(id: number, value: number): void {
    if (id >= this.idsHeld) this.grow(id);
    const f = this.flat;
    const o = id * STRIDE;
    f[o + FLAGS] = f[o + FLAGS]! | USED;
    this.addTotals(o, value, 1);
  }

  /** A value of weight `weight` into the count, sum, min and max of the id at offset `o`. */
  private addTotals(o: number, value: number, weight: number): void {
    const f = this.flat;
    f[o + COUNT] += weight;
    f[o + SUM] += value * weight;
    if (value < f[o + MIN]!) f[o + MIN] = value;
    if (value > f[o + MAX]!) f[o + MAX] = value;
  }

  private addUser(id: number, o: number, flags: number, lo: number, hi: number): number {
    const f = this.flat;
    if (flags & USERS) {
      (this.users[id] as SmallDistinct).add(lo, hi);
      return flags;
    }
    const key = keyOf(lo, hi);
    if (!(flags & USER_INLINE)) {
      f[o + USER] = key;
      return flags | USER_INLINE;
    }
    if (f[o + USER] === key) return flags;
    const users = (this.users[id] ??= new SmallDistinct());
    users.addKeyOf(f[o + USER]!);
    users.add(lo, hi);
    return (flags & ~USER_INLINE) | USERS;
  }

  private rank(id: number, o: number, flags: number, value: number, weight: number): number {
    const f = this.flat;
    if (flags & RANKS) {
      (this.ranks[id] as ValueStats).rank(value, weight);
      return flags;
    }
    if (!(flags & RANK_INLINE)) {
      f[o + RANK_VALUE] = value;
      f[o + RANK_WEIGHT] = weight;
      return flags | RANK_INLINE;
    }
    const ranks = (this.ranks[id] ??= new ValueStats());
    ranks.rank(f[o + RANK_VALUE]!, f[o + RANK_WEIGHT]!);
    ranks.rank(value, weight);
    return (flags & ~RANK_INLINE) | RANKS;
  }

  /** The name holding counter `id` is no longer kept: what it had goes to (other). */
  evict(id: number): void {
    if (id >= this.idsHeld) return;
    const f = this.flat;
    const o = id * STRIDE;
    const flags = f[o + FLAGS]!;
    if (!(flags & USED)) return;
    const other = (this.evicted ??= new EventEntry());
    other.used = true;
    if (flags & USER_INLINE) (other.users ??= new SmallDistinct()).addKeyOf(f[o + USER]!);
    else if (flags & USERS) (other.users ??= new SmallDistinct()).merge(this.users[id] as SmallDistinct);
    if (f[o + COUNT]! > 0) {
      const values = (other.values ??= new ValueStats());
      values.addTotals(f[o + COUNT]!, f[o + SUM]!, f[o + MIN]!, f[o + MAX]!);
      if (flags & RANK_INLINE) values.rank(f[o + RANK_VALUE]!, f[o + RANK_WEIGHT]!);
      else if (flags & RANKS) values.mergeRanks(this.ranks[id] as ValueStats);
    }
    if (flags & TAGS) (other.tags ??= new TagCounts()).merge(this.tags[id] as TagCounts);
    if (gaugeWins(f[o + GAUGE_AT]!, f[o + GAUGE]!, other.gaugeAt, other.gauge)) {
      other.gauge = f[o + GAUGE]!;
      other.gaugeAt = f[o + GAUGE_AT]!;
    }
    // The counter goes to another name at once: its fields are emptied for it.
    this.clear(id, flags);
  }

  /** The details of the names holding counter `ids`, in that order (null for a name with none). */
  exportDetails(ids: readonly number[]): (EventDetail | null)[] {
    return ids.map((id) => (id < this.idsHeld && this.flat[id * STRIDE + FLAGS]! & USED ? this.detailOf(id) : null));
  }

  private detailOf(id: number): EventDetail {
    const f = this.flat;
    const o = id * STRIDE;
    const flags = f[o + FLAGS]!;
    let users: EventDetail['users'] = null;
    if (flags & USER_INLINE) users = { keys: Float64Array.of(f[o + USER]!), registers: null };
    else if (flags & USERS) users = (this.users[id] as SmallDistinct).exportState();
    let values: EventDetail['values'] = null;
    const count = f[o + COUNT]!;
    if (count > 0) {
      const totals = { count, sum: f[o + SUM]!, min: f[o + MIN]!, max: f[o + MAX]! };
      if (flags & RANKS) values = { ...(this.ranks[id] as ValueStats).exportState(), ...totals };
      else if (flags & RANK_INLINE) values = { ...totals, few: Float64Array.of(f[o + RANK_VALUE]!, f[o + RANK_WEIGHT]!), sketch: null };
      else values = { ...totals, few: EMPTY_PAIRS, sketch: null };
    }
    return {
      users,
      values,
      gauge: f[o + GAUGE]!,
      gauge_at: f[o + GAUGE_AT]!,
      tags: flags & TAGS ? (this.tags[id] as TagCounts).exportState() : null,
    };
  }

  /** What the names no longer kept had: the `(other)` row's share from evictions; null when none. */
  evictedDetail(): EventDetail | null {
    return this.evicted?.exportDetail() ?? null;
  }

  /** The window closes: the gauge levels of its names (counter `ids`) are where a `+N` in a later window starts from. */
  keepGauges(ids: readonly number[]): void {
    const f = this.flat;
    for (const id of ids) {
      if (id >= this.idsHeld) continue;
      const level = f[id * STRIDE + GAUGE]!;
      if (f[id * STRIDE + FLAGS]! & USED && level === level) this.gauges.set(this.nameOf(id), level);
    }
  }

  /** Empties it for the next window, keeping the arrays and objects for reuse. */
  reset(): void {
    const f = this.flat;
    for (let id = 0; id < this.idsHeld; id++) {
      const flags = f[id * STRIDE + FLAGS]!;
      if (flags & USED) this.clear(id, flags);
    }
    this.evicted = null;
  }

  private clear(id: number, flags: number): void {
    // Field by field: cheaper than set() for ten numbers, on the path of every eviction.
    const f = this.flat;
    const o = id * STRIDE;
    f[o + FLAGS] = 0;
    f[o + COUNT] = 0;
    f[o + SUM] = 0;
    f[o + MIN] = Infinity;
    f[o + MAX] = -Infinity;
    f[o + GAUGE] = NaN;
    f[o + GAUGE_AT] = NaN;
    if (flags & USERS) (this.users[id] as SmallDistinct).reset();
    if (flags & RANKS) (this.ranks[id] as ValueStats).reset();
    // Tag maps are not worth keeping.
    if (flags & TAGS) this.tags[id] = null;
  }

  /** Makes room for ids up to `id`, the new ones empty. */
  private grow(id: number): void {
    const ids = Math.max(id + 1, this.idsHeld * 2, INITIAL_IDS);
    const flat = new Float64Array(ids * STRIDE);
    flat.set(this.flat);
    for (let i = this.idsHeld; i < ids; i++) flat.set(EMPTY_ID, i * STRIDE);
    this.flat = flat;
    this.idsHeld = ids;
  }
}

// The tag breakdown of one event in one window (DESIGN §8): per tag key, the most frequent values
// with their counts, bounded whatever the cardinality: at most MAX_TAG_KEYS keys (later keys count
// under `(other)`) and MAX_TAG_VALUES values a key, kept by Space-Saving (Metwally et al. 2005),
// so a value more frequent than the smallest of a key's counters is never missed. A value is
// reported with the occurrences it surely had (its counter less what it inherited: exact for a
// value kept from its first occurrence), and the rest of the key's occurrences as `(other)`, so
// a key's counts always add up to its occurrences.
//
// Two breakdowns merge as mergeable summaries (top-k-merge.ts): per key, the values' Space-Saving
// counters combine and the 32 largest stay; past 16 keys in all, the keys of fewest occurrences
// go under `(other)` by key name, as later keys do in one breakdown.
import { OTHER_EVENT, type TagBreakdown } from '../../../src-shared/types';
import { compareCodeUnits } from './name-counts';
import { mergeTopK, type TopKSummary } from './top-k-merge';

export const MAX_TAG_KEYS = 16;
export const MAX_TAG_VALUES = 32;

/** One key's Space-Saving counters as plain data: values in code-unit order. */
export interface TagKeyState {
  key: string;
  /** Every occurrence of the key, kept values or not. */
  total: number;
  values: string[];
  counts: Float64Array;
  /** What each counter had when its value took it over. */
  errors: Float64Array;
}

/** The whole state of a TagCounts: its keys in code-unit order. */
export type TagCountsState = TagKeyState[];

/** Space-Saving counters of one key's values. */
class TopValues {
  /**
   * The arrays start as long as what they are made with: most keys of most events have one value in
   * a window (env, service, host), and an array first pushed to takes room for 17, 3 × 17 × 8 bytes
   * a key, which at 10,000 names was most of the memory tags took.
   */
  constructor(
    readonly values: string[] = [],
    readonly counts: number[] = [],
    /** What each counter had when its value took it over (0 for a value kept from its first occurrence). */
    readonly errors: number[] = [],
    /** Every occurrence of the key, kept values or not. */
    public total = 0,
  ) {}

  add(value: string, weight: number): void {
    this.total += weight;
    const i = this.values.indexOf(value);
    if (i >= 0) {
      this.counts[i] += weight;
      return;
    }
    if (this.values.length < MAX_TAG_VALUES) {
      this.values.push(value);
      this.counts.push(weight);
      this.errors.push(0);
      return;
    }
    // The smallest counter goes to the new value, which inherits its count.
    let min = 0;
    for (let k = 1; k < this.counts.length; k++) if (this.counts[k] < this.counts[min]) min = k;
    this.values[min] = value;
    this.errors[min] = this.counts[min];
    this.counts[min] += weight;
  }

  /**
   * Merges a key's state in place when neither side dropped a value and the union fits (the common
   * case: few values a key), the same as mergeKeys then; false when the full merge is needed.
   */
  mergeSmall(k: TagKeyState): boolean {
    if (this.values.length >= MAX_TAG_VALUES || k.values.length >= MAX_TAG_VALUES) return false;
    let added = 0;
    for (const v of k.values) if (!this.values.includes(v)) added++;
    if (this.values.length + added > MAX_TAG_VALUES) return false;
    for (let i = 0; i < k.values.length; i++) {
      const at = this.values.indexOf(k.values[i]!);
      if (at >= 0) {
        this.counts[at] += k.counts[i]!;
        this.errors[at] += k.errors[i]!;
      } else {
        this.values.push(k.values[i]!);
        this.counts.push(k.counts[i]!);
        this.errors.push(k.errors[i]!);
      }
    }
    this.total += k.total;
    return true;
  }

  /** As plain data, values in code-unit order. */
  exportState(key: string): TagKeyState {
    const order = this.values.map((_, i) => i).sort((i, j) => compareCodeUnits(this.values[i]!, this.values[j]!));
    return {
      key,
      total: this.total,
      values: order.map((i) => this.values[i]!),
      counts: Float64Array.from(order, (i) => this.counts[i]!),
      errors: Float64Array.from(order, (i) => this.errors[i]!),
    };
  }

  static fromState(state: TagKeyState): TopValues {
    return new TopValues(state.values.slice(), Array.from(state.counts), Array.from(state.errors), state.total);
  }

  breakdown(key: string): TagBreakdown {
    const sure = this.counts.map((c, i) => c - this.errors[i]!);
    const order = sure
      .map((_, i) => i)
      .filter((i) => sure[i]! > 0)
      .sort((a, b) => sure[b]! - sure[a]! || (this.values[a]! < this.values[b]! ? -1 : 1));
    const values = order.map((i) => ({ value: this.values[i]!, count: sure[i]! }));
    const rest = this.total - values.reduce((n, v) => n + v.count, 0);
    if (rest > 0) values.push({ value: OTHER_EVENT, count: rest });
    return { key, values };
  }
}

export class TagCounts {
  private readonly keys = new Map<string, TopValues>();

  /** One tag of an event occurrence worth `weight` (the line's count). */
  add(key: string, value: string, weight: number): void {
    const top = this.keys.get(key);
    if (top !== undefined) {
      top.add(value, weight);
      return;
    }
    // Past the bound a key's occurrences count under the key `(other)`, by key name.
    if (this.keys.size >= MAX_TAG_KEYS && key !== OTHER_EVENT) return this.add(OTHER_EVENT, key, weight);
    this.keys.set(key, new TopValues([value], [weight], [0], weight));
  }

  /** Folds `other` in (see the top of this file). */
  merge(other: TagCounts): void {
    this.mergeState(other.exportState());
  }

  /** merge() with a state (from exportState) rather than a TagCounts. */
  mergeState(other: TagCountsState): void {
    for (const k of other) {
      const mine = this.keys.get(k.key);
      if (mine?.mergeSmall(k)) continue;
      this.keys.set(k.key, TopValues.fromState(mine ? mergeKeys(mine.exportState(k.key), k) : k));
    }
    this.foldKeys();
  }

  /** The whole state, keys in code-unit order. */
  exportState(): TagCountsState {
    return [...this.keys.keys()].sort(compareCodeUnits).map((key) => (this.keys.get(key) as TopValues).exportState(key));
  }

  /** A TagCounts holding `state` (from exportState or mergeTagStates). */
  static fromState(state: TagCountsState): TagCounts {
    const tags = new TagCounts();
    for (const k of state) tags.keys.set(k.key, TopValues.fromState(k));
    return tags;
  }

  /** Past MAX_TAG_KEYS keys (a merge), the keys of fewest occurrences go under `(other)` by key name (ties: the later key goes). */
  private foldKeys(): void {
    const regular = [...this.keys.entries()].filter(([key]) => key !== OTHER_EVENT);
    if (regular.length <= MAX_TAG_KEYS) return;
    regular.sort((x, y) => y[1].total - x[1].total || compareCodeUnits(x[0], y[0]));
    const folded = regular.slice(MAX_TAG_KEYS).sort((x, y) => compareCodeUnits(x[0], y[0]));
    const foldedKeys: TagKeyState = {
      key: OTHER_EVENT,
      total: folded.reduce((n, [, top]) => n + top.total, 0),
      values: folded.map(([key]) => key),
      counts: Float64Array.from(folded, ([, top]) => top.total),
      errors: new Float64Array(folded.length),
    };
    for (const [key] of folded) this.keys.delete(key);
    // Merged even into nothing, so that more than MAX_TAG_VALUES folded keys are cut to the bound.
    const other = this.keys.get(OTHER_EVENT) ?? new TopValues();
    this.keys.set(OTHER_EVENT, TopValues.fromState(mergeKeys(other.exportState(OTHER_EVENT), foldedKeys)));
  }

  /** Keys by how often they came, each with its values largest first. */
  result(): TagBreakdown[] {
    return [...this.keys.entries()]
      .sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1))
      .map(([key, top]) => top.breakdown(key));
  }
}

/** The breakdown of both states' occurrences (see the top of this file). Pure. */
export function mergeTagStates(a: TagCountsState, b: TagCountsState): TagCountsState {
  const tags = TagCounts.fromState(a);
  tags.mergeState(b);
  return tags.exportState();
}

function mergeKeys(a: TagKeyState, b: TagKeyState): TagKeyState {
  const m = mergeTopK(summaryOf(a), summaryOf(b), MAX_TAG_VALUES);
  return { key: a.key, total: a.total + b.total, values: m.labels, counts: m.counts, errors: m.errors };
}

/** A key's counters as a summary: its floor is the smallest counter once all 32 are taken (values not kept had at most that). */
function summaryOf(k: TagKeyState): TopKSummary {
  let floor = 0;
  if (k.values.length >= MAX_TAG_VALUES) {
    floor = Infinity;
    for (const c of k.counts) if (c < floor) floor = c;
  }
  return { labels: k.values, counts: k.counts, errors: k.errors, floor };
}

// The tag breakdown of one event in one window (DESIGN §8): per tag key, the most frequent values
// with their counts, bounded whatever the cardinality: at most MAX_TAG_KEYS keys (later keys count
// under `(other)`) and MAX_TAG_VALUES values a key, kept by Space-Saving (Metwally et al. 2005),
// so a value more frequent than the smallest of a key's counters is never missed. A value is
// reported with the occurrences it surely had (its counter less what it inherited: exact for a
// value kept from its first occurrence), and the rest of the key's occurrences as `(other)`, so
// a key's counts always add up to its occurrences.
import { OTHER_EVENT, type TagBreakdown } from '../../../src-shared/types';

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
  readonly values: string[] = [];
  readonly counts: number[] = [];
  /** What each counter had when its value took it over (0 for a value kept from its first occurrence). */
  readonly errors: number[] = [];
  /** Every occurrence of the key, kept values or not. */
  total = 0;

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
    let top = this.keys.get(key);
    if (top === undefined) {
      // Past the bound a key's occurrences count under the key `(other)`, by key name.
      if (this.keys.size >= MAX_TAG_KEYS && key !== OTHER_EVENT) return this.add(OTHER_EVENT, key, weight);
      top = new TopValues();
      this.keys.set(key, top);
    }
    top.add(value, weight);
  }

  /** Folds `other` in (its kept values with their counts, and what it did not keep as (other)). */
  merge(other: TagCounts): void {
    for (const b of other.result()) for (const v of b.values) this.add(b.key, v.value, v.count);
  }

  /** Keys by how often they came, each with its values largest first. */
  result(): TagBreakdown[] {
    return [...this.keys.entries()]
      .sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1))
      .map(([key, top]) => top.breakdown(key));
  }
}

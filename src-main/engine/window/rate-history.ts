// Per-second event counts of the recent past, for the live rate chart. A fixed ring of slots keyed
// by epoch second: memory is constant and add() allocates nothing, whatever the ingest rate.
import { RATE_HISTORY_SECONDS } from '../../../src-shared/types';
import { MS_PER_SECOND, epochSecond } from './alignment';

export interface RateSeries {
  /** Epoch ms of the first second of `counts`. */
  start: number;
  /** Events per second, oldest first; seconds with no events are 0. */
  counts: number[];
}

export class RateHistory {
  readonly capacity: number;
  private readonly counts: Float64Array;
  /** The epoch second each slot currently holds; NaN for a slot never written (NaN matches nothing). */
  private readonly stamps: Float64Array;
  private lastSecond = NaN;
  private lastSlot = 0;

  /** @param capacity seconds kept, default RATE_HISTORY_SECONDS (300). */
  constructor(capacity: number = RATE_HISTORY_SECONDS) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, not ${capacity}`);
    this.capacity = capacity;
    this.counts = new Float64Array(capacity);
    this.stamps = new Float64Array(capacity).fill(NaN);
  }

  /** Adds `count` events that arrived at `now` (epoch ms). Arrivals older than the ring are ignored. */
  add(now: number, count: number): void {
    const second = epochSecond(now);
    if (second === this.lastSecond) {
      this.counts[this.lastSlot] += count;
      return;
    }
    const slot = this.slotOf(second);
    const held = this.stamps[slot];
    // A slot holding a newer second means this arrival is more than `capacity` seconds old
    // (a clock stepping back): dropping it keeps the newer data intact.
    if (held > second) return;
    if (held !== second) {
      this.stamps[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] += count;
    this.lastSecond = second;
    this.lastSlot = slot;
  }

  /** Events counted in the epoch second that starts at or holds `t` (epoch ms); 0 if none or forgotten. */
  countAt(t: number): number {
    const second = epochSecond(t);
    const slot = this.slotOf(second);
    return this.stamps[slot] === second ? this.counts[slot] : 0;
  }

  /**
   * The last `seconds` seconds up to and including the one holding `now`, oldest first.
   * @param seconds default and maximum: the capacity.
   */
  series(now: number, seconds: number = this.capacity): RateSeries {
    const want = Number.isFinite(seconds) ? Math.floor(seconds) : this.capacity;
    const n = Math.max(1, Math.min(this.capacity, want));
    const first = epochSecond(now) - n + 1;
    const counts = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const second = first + i;
      const slot = this.slotOf(second);
      counts[i] = this.stamps[slot] === second ? this.counts[slot] : 0;
    }
    return { start: first * MS_PER_SECOND, counts };
  }

  private slotOf(second: number): number {
    const slot = second % this.capacity;
    return slot < 0 ? slot + this.capacity : slot;
  }
}

// Lines for `tallyline send`: a fixed set of event names picked with a skewed (Zipf-like),
// seeded distribution, so a demo has a clear top list and two runs with one seed send the same.
export type TrafficFormat = 'plain' | 'json' | 'statsd';
export const TRAFFIC_FORMATS: readonly TrafficFormat[] = ['plain', 'json', 'statsd'];

const DEMO_NAMES = ['page_view', 'click', 'search', 'login', 'add_to_cart', 'signup', 'purchase', 'share', 'logout', 'error'];

/** `k` distinct event names: readable ones first, then `event_11`, `event_12`, ... */
export function eventNames(k: number): string[] {
  return Array.from({ length: k }, (_, i) => DEMO_NAMES[i] ?? `event_${i + 1}`);
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedLine {
  /** Index into the generator's names. */
  name: number;
  /** The line, newline included. */
  text: string;
}

export interface LineGeneratorOptions {
  /** Distinct event names, 1 or more. */
  names: number;
  format: TrafficFormat;
  /** Seed of the name and user choice. Default 1. */
  seed?: number;
  /** Distinct users in JSON lines. Default 1000. */
  users?: number;
  /** Epoch ms for JSON `ts`. Default Date.now. */
  now?: () => number;
}

/** Makes lines one by one. Every line counts as exactly one event in every format (StatsD counters of 1). */
export class LineGenerator {
  readonly names: readonly string[];
  readonly #format: TrafficFormat;
  readonly #random: () => number;
  readonly #users: number;
  readonly #now: () => number;
  readonly #cumulative: number[];

  constructor(opts: LineGeneratorOptions) {
    if (!Number.isInteger(opts.names) || opts.names < 1)
      throw new RangeError(`names must be a whole number of at least 1, not ${opts.names}`);
    this.names = eventNames(opts.names);
    this.#format = opts.format;
    this.#random = seededRandom(opts.seed ?? 1);
    this.#users = opts.users ?? 1000;
    this.#now = opts.now ?? Date.now;
    let sum = 0;
    this.#cumulative = this.names.map((_, i) => (sum += 1 / (i + 1)));
  }

  next(): GeneratedLine {
    const name = this.#pick();
    const event = this.names[name];
    switch (this.#format) {
      case 'plain':
        return { name, text: `${event}\n` };
      case 'statsd':
        return { name, text: `${event}:1|c\n` };
      case 'json': {
        const user = `u${Math.floor(this.#random() * this.#users)}`;
        const value = Math.round(this.#random() * 10000) / 100;
        return { name, text: `${JSON.stringify({ event, ts: this.#now(), user, value })}\n` };
      }
    }
  }

  #pick(): number {
    const cum = this.#cumulative;
    const x = this.#random() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

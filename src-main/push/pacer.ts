// Paces pushes of one kind to one receiver: never two closer than `minGapMs` (so at most 4 a second
// whatever the engine or the ingest does), never a backlog. A value that cannot go yet waits as the
// one pending value; a newer one is merged into it (the caller says how: a snapshot keeps the
// windows its predecessor closed). Shared by the WebSocket clients of serve and the Electron relay.
import { MAX_PUSHES_PER_SEC } from '../../src-shared/api';

export interface PacerClock {
  /** Milliseconds, monotonic where the clock allows. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface PacerOptions<T> {
  /** Sends one value; returns false when the receiver is backed up and nothing was sent. */
  deliver: (value: T) => boolean;
  /** Folds a newer value into the pending one. */
  merge: (pending: T, next: T) => T;
  /** Shortest time between two sends, ms. Default 1000 / MAX_PUSHES_PER_SEC (250). */
  minGapMs?: number;
  /** Default realClock (performance.now and setTimeout). */
  clock?: PacerClock;
}

export class Pacer<T> {
  readonly #deliver: (value: T) => boolean;
  readonly #merge: (pending: T, next: T) => T;
  readonly #minGapMs: number;
  readonly #clock: PacerClock;
  #pending: { value: T } | null = null;
  #lastSentAt: number | null = null;
  #timer: unknown = null;
  #closed = false;

  constructor(opts: PacerOptions<T>) {
    this.#deliver = opts.deliver;
    this.#merge = opts.merge;
    this.#minGapMs = opts.minGapMs ?? 1000 / MAX_PUSHES_PER_SEC;
    this.#clock = opts.clock ?? realClock;
  }

  /** Hands over the newest value; it goes now, later, or merged into a later send. */
  offer(value: T): void {
    if (this.#closed) return;
    this.#pending = { value: this.#pending === null ? value : this.#merge(this.#pending.value, value) };
    this.#flush();
  }

  /** Stops any timer; later offers are ignored. */
  close(): void {
    this.#closed = true;
    this.#pending = null;
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #flush(): void {
    if (this.#pending === null || this.#timer !== null || this.#closed) return;
    const now = this.#clock.now();
    if (this.#lastSentAt !== null) {
      const wait = this.#lastSentAt + this.#minGapMs - now;
      if (wait > 0) {
        // Timers may fire a little early; #flush measures again and waits the rest if so.
        this.#timer = this.#clock.setTimer(() => {
          this.#timer = null;
          this.#flush();
        }, Math.ceil(wait));
        return;
      }
    }
    // A backed-up receiver keeps its pending value; the next offer tries again.
    if (this.#deliver(this.#pending.value)) {
      this.#pending = null;
      this.#lastSentAt = now;
    }
  }
}

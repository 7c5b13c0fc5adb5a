// Paces snapshot frames to one client: never two frames closer than `minGapMs` (so at most 4 a
// second whatever the engine or the ingest does), never a backlog. A frame that cannot go yet
// waits as the one pending snapshot; a newer one replaces it, but the windows it closed ride
// along, so pacing or a slow client loses no closed summary (up to a bound, past which the
// oldest are dropped: the client can still read them from /api/summaries).
import { MAX_PUSHES_PER_SEC, type Snapshot, type Summary } from '../../src-shared/types';

export interface PacerClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SnapshotPacerOptions {
  /** Sends one frame; returns false when the client is backed up and nothing was sent. */
  deliver: (s: Snapshot) => boolean;
  /** Shortest time between two frames, ms. Default 1000 / MAX_PUSHES_PER_SEC (250). */
  minGapMs?: number;
  /** Closed summaries held for a client that could not take them yet. Default 3600. */
  maxPendingClosed?: number;
  /** Default realClock (performance.now and setTimeout). */
  clock?: PacerClock;
}

export class SnapshotPacer {
  readonly #deliver: (s: Snapshot) => boolean;
  readonly #minGapMs: number;
  readonly #maxPendingClosed: number;
  readonly #clock: PacerClock;
  #pending: Snapshot | null = null;
  #lastSentAt: number | null = null;
  #timer: unknown = null;
  #closed = false;
  #droppedClosed = 0;

  constructor(opts: SnapshotPacerOptions) {
    this.#deliver = opts.deliver;
    this.#minGapMs = opts.minGapMs ?? 1000 / MAX_PUSHES_PER_SEC;
    this.#maxPendingClosed = opts.maxPendingClosed ?? 3600;
    this.#clock = opts.clock ?? realClock;
  }

  /** Closed summaries dropped because a client stayed backed up past maxPendingClosed. */
  get droppedClosed(): number {
    return this.#droppedClosed;
  }

  /** Hands over the newest snapshot; it goes now, later, or merged into a later frame. */
  offer(s: Snapshot): void {
    if (this.#closed) return;
    this.#pending = this.#pending === null ? s : this.#merge(this.#pending.closed, s);
    this.#flush();
  }

  /** Stops any timer; later offers are ignored. */
  close(): void {
    this.#closed = true;
    this.#pending = null;
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #merge(earlier: Summary[], s: Snapshot): Snapshot {
    if (earlier.length === 0) return s; // keeps the engine's object, so a frame is serialised once for all clients
    let closed = [...earlier, ...s.closed];
    const excess = closed.length - this.#maxPendingClosed;
    if (excess > 0) {
      closed = closed.slice(excess);
      this.#droppedClosed += excess;
    }
    return { ...s, closed };
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
    // A backed-up client keeps its pending frame; the next offer tries again.
    if (this.#deliver(this.#pending)) {
      this.#pending = null;
      this.#lastSentAt = now;
    }
  }
}

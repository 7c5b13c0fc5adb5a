// Paces snapshot frames to one WebSocket client (pacer.ts): a frame that cannot go yet is
// replaced by the newer one, but the windows it closed ride along, so pacing or a slow client loses
// no closed summary (up to a bound, past which the oldest are dropped: the client can still read
// them from /api/summaries).
import type { Snapshot, Summary } from '../../src-shared/types';
import { Pacer, type PacerClock } from './pacer';

export { realClock, type PacerClock } from './pacer';

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
  readonly #pacer: Pacer<Snapshot>;
  readonly #maxPendingClosed: number;
  #droppedClosed = 0;

  constructor(opts: SnapshotPacerOptions) {
    this.#maxPendingClosed = opts.maxPendingClosed ?? 3600;
    this.#pacer = new Pacer({
      deliver: opts.deliver,
      merge: (pending, next) => this.#merge(pending.closed, next),
      minGapMs: opts.minGapMs,
      clock: opts.clock,
    });
  }

  /** Closed summaries dropped because a client stayed backed up past maxPendingClosed. */
  get droppedClosed(): number {
    return this.#droppedClosed;
  }

  /** Hands over the newest snapshot; it goes now, later, or merged into a later frame. */
  offer(s: Snapshot): void {
    this.#pacer.offer(s);
  }

  /** Stops any timer; later offers are ignored. */
  close(): void {
    this.#pacer.close();
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
}

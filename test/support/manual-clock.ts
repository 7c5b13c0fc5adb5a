// A clock the test moves by hand, for anything that takes a PacerClock (or the push relay's
// now / setTimer / clearTimer): time stands still until advance(), which fires the timers it
// passes in time order. Pacing is then checked to the millisecond, without waiting, and cannot
// fail because the machine is slow.
import type { PacerClock } from '../../src-main/push/pacer';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

export class ManualClock implements PacerClock {
  #t: number;
  #timers: Timer[] = [];
  #nextId = 1;

  /** Starts at `t` ms (default 0). */
  constructor(t = 0) {
    this.#t = t;
  }

  /** The current time, ms. */
  get t(): number {
    return this.#t;
  }

  // Own arrow properties, so they can be handed on (or spread into options) without binding.
  readonly now = (): number => this.#t;

  readonly setTimer = (fn: () => void, ms: number): number => {
    const id = this.#nextId++;
    this.#timers.push({ at: this.#t + ms, fn, id });
    return id;
  };

  readonly clearTimer = (handle: unknown): void => {
    this.#timers = this.#timers.filter((x) => x.id !== handle);
  };

  /** Timers set and neither fired nor cleared. */
  pending(): number {
    return this.#timers.length;
  }

  /** Moves time on by `ms`, firing each timer due on the way at its own time (a timer set by one that fires counts too). */
  advance(ms: number): void {
    const end = this.#t + ms;
    for (;;) {
      const due = this.#timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((x) => x !== due);
      this.#t = due.at;
      due.fn();
    }
    this.#t = end;
  }
}

import { Latch } from './latch';

/**
 * The dashboard's pause: charts hold still (to read a spike, hover a tooltip) while the engine
 * counts on and the headline numbers keep moving, so the page never looks stopped when it is not.
 * Resume shows everything that came meanwhile at once: charts read the latest state, nothing queued.
 */
export class PauseGate {
  #paused = $state(false);
  #eventsAtPause = $state(0);

  get paused(): boolean {
    return this.#paused;
  }

  /** The engine's running event total when the pause began, so the badge can say how many came since. */
  get eventsAtPause(): number {
    return this.#eventsAtPause;
  }

  /** @param eventsNow the engine's running event total now. */
  pause(eventsNow: number): void {
    this.#eventsAtPause = eventsNow;
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  /** `read()` held still while paused; a new `key()` (another event, another range) passes once. */
  hold<T>(read: () => T, key: () => unknown = () => null): Held<T> {
    const latch = new Latch<T>();
    // The source is read even while paused (cheap: it is state already held), so that resuming
    // needs no catching up; the latch hands back the same object, and nothing downstream re-runs.
    const current = $derived(latch.pass(this.#paused, read(), key()));
    return {
      get current() {
        return current;
      },
    };
  }
}

/** A value that follows its source while live and stands still while paused. */
export interface Held<T> {
  readonly current: T;
}

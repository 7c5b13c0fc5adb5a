import type { Unsubscribe } from '../../../../src-shared/api';

/** A tiny typed event source: what the Api's `onX(cb)` subscriptions are built on. */
export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  on(cb: (value: T) => void): Unsubscribe {
    this.#listeners.add(cb);
    return () => {
      this.#listeners.delete(cb);
    };
  }

  emit(value: T): void {
    for (const cb of [...this.#listeners]) {
      // One broken subscriber must not starve the others of pushes.
      try {
        cb(value);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

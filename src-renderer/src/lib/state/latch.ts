// What a paused view shows, kept out of the .svelte.ts module so it runs in unit tests.

/**
 * Passes values through while live and holds the last one while paused, so a chart fed from it
 * stands still and takes the newest value at once on resume. A value of another `key` (a different
 * event opened, another range chosen while paused) passes once and is then held: what the user
 * asks for shows, what merely arrives does not. Nothing (null, undefined) is never held: an event
 * opened while paused shows once its data has come, then holds.
 */
export class Latch<T> {
  #held: { value: T; key: unknown } | null = null;

  pass(paused: boolean, value: T, key: unknown = null): T {
    const held = this.#held;
    if (paused && held && held.value != null && Object.is(held.key, key)) return held.value;
    this.#held = { value, key };
    return value;
  }
}

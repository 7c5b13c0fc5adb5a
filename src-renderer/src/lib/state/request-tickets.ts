// Which answer is still wanted when requests overlap: plain, so it runs in unit tests.

/**
 * Numbers the requests made for each key (an event name, a search): an answer counts only if its
 * request is the latest for its key and the key is still wanted, so a slow old answer never
 * overwrites a newer one, and nothing comes back for what left the screen.
 */
export class RequestTickets<K> {
  readonly #latest = new Map<K, number>();
  #issued = 0;

  /** A ticket for a new request for `key`; it outdates the key's earlier tickets. */
  issue(key: K): number {
    this.#issued += 1;
    this.#latest.set(key, this.#issued);
    return this.#issued;
  }

  /** Whether the answer to `ticket` is still wanted. */
  current(key: K, ticket: number): boolean {
    return this.#latest.get(key) === ticket;
  }

  /** Drops every key `keep` rejects: answers for them are no longer wanted. */
  retain(keep: (key: K) => boolean): void {
    for (const key of [...this.#latest.keys()]) if (!keep(key)) this.#latest.delete(key);
  }
}

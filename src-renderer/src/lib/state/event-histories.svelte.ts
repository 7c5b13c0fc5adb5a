import { SvelteMap } from 'svelte/reactivity';
import type { Api, EventHistory, TimeRange } from '../../../../src-shared/api';
import { errorMessage } from '../api/api-error';
import { RequestTickets } from './request-tickets';

/**
 * Api.event for the events on screen (the one open, the pinned ones), each fetched once however
 * many places show it, and fetched again when windows close. An answer that comes after a newer
 * request for its name, or after the name left the screen, is dropped.
 */
export class EventHistories {
  readonly #api: Api;
  readonly #range: () => TimeRange;
  readonly #data = new SvelteMap<string, EventHistory>();
  readonly #errors = new SvelteMap<string, string>();
  #names: readonly string[] = [];
  readonly #tickets = new RequestTickets<string>();

  /** @param range the windows to read (the dashboard's recent ones). */
  constructor(api: Api, range: () => TimeRange) {
    this.#api = api;
    this.#range = range;
  }

  get(name: string): EventHistory | undefined {
    return this.#data.get(name);
  }

  error(name: string): string | null {
    return this.#errors.get(name) ?? null;
  }

  /** Sets the names on screen: new ones are fetched, gone ones forgotten. */
  want(names: readonly string[]): void {
    const added = names.filter((n, i) => !this.#names.includes(n) && names.indexOf(n) === i);
    this.#names = names.filter((n, i) => names.indexOf(n) === i);
    const kept = (n: string) => this.#names.includes(n);
    this.#tickets.retain(kept);
    for (const n of [...this.#data.keys()]) if (!kept(n)) this.#data.delete(n);
    for (const n of [...this.#errors.keys()]) if (!kept(n)) this.#errors.delete(n);
    for (const name of added) void this.#fetch(name);
  }

  /** Fetches every name on screen again (windows closed). */
  refresh(): void {
    for (const name of this.#names) void this.#fetch(name);
  }

  async #fetch(name: string): Promise<void> {
    const ticket = this.#tickets.issue(name);
    try {
      const history = await this.#api.event({ name, ...this.#range() });
      if (!this.#tickets.current(name, ticket)) return;
      this.#data.set(name, history);
      this.#errors.delete(name);
    } catch (err) {
      if (this.#tickets.current(name, ticket)) this.#errors.set(name, errorMessage(err));
    }
  }
}

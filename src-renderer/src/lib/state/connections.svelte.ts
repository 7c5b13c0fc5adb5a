import type { Api } from '../../../../src-shared/api';
import type { ConnectionInfo } from '../../../../src-shared/types';
import { BusyAction } from './busy-action.svelte';
import { dropFailureText } from './drop-failure';

/**
 * The Drop buttons of the Connections table: one drop at a time (every Drop button is disabled
 * while one runs, so a second click cannot race the first), and why the last drop failed, shown
 * next to the table until the next one.
 */
export class ConnectionControl {
  readonly #api: Api;
  readonly #action = new BusyAction();
  #error = $state<string | null>(null);

  constructor(api: Api) {
    this.#api = api;
  }

  get busy(): boolean {
    return this.#action.busy;
  }
  get error(): string | null {
    return this.#error;
  }

  /** Disconnects `c`; the next snapshot no longer lists it. */
  async drop(c: ConnectionInfo): Promise<void> {
    if (this.#action.busy) return;
    this.#error = null;
    await this.#action.run(
      () => this.#api.dropConnection(c.id),
      () => {},
      (_message, err) => (this.#error = dropFailureText(c.remote, err)),
    );
  }
}

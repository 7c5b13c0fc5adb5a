import type { Api } from '../../../../src-shared/api';
import type { LineFormat, ListenerState } from '../../../../src-shared/types';
import { BusyAction } from './busy-action.svelte';
import { badgeOf } from './listener-badge';
import type { ListenerBadge } from './listener-badge';
import { hostError, portError } from './validate';

function sameListener(a: ListenerState, b: ListenerState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The listener form (host, port, format) and what the listener is doing. The answer to the user's
 * own start/stop is shown until the engine reports a state different from the one it reported
 * when the user acted: a snapshot taken just before the click must not flip the badge back, and a
 * failed start (the engine stays "stopped") keeps showing why it failed until something changes.
 */
export class ListenerControl {
  readonly #api: Api;
  readonly #reported: () => ListenerState;
  /** The form's fields, bound to its inputs. */
  host = $state('127.0.0.1');
  port = $state('9000');
  format = $state<LineFormat>('auto');
  readonly #action = new BusyAction();
  #ownResult = $state.raw<ListenerBadge | null>(null);
  #reportedWhenActed = $state.raw<ListenerState | null>(null);

  /**
   * @param reported the engine's listener state (from snapshots), read reactively.
   */
  constructor(api: Api, reported: () => ListenerState) {
    this.#api = api;
    this.#reported = reported;
  }

  get busy(): boolean {
    return this.#action.busy;
  }

  // The defaults are valid, so an untouched form shows no message without tracking "touched".
  readonly hostError = $derived(hostError(this.host));
  readonly portError = $derived(portError(this.port));

  readonly badge: ListenerBadge = $derived.by(() => this.#ownResult ?? badgeOf(this.#reported()));

  /** Hears each state the engine reports; once it moves on, the user's own result has had its say. */
  observe(reported: ListenerState): void {
    const base = this.#reportedWhenActed;
    if (this.#ownResult && base && !sameListener(reported, base)) this.forget();
  }

  /** Drops the user's own result, e.g. when the engine behind the Api has restarted. */
  forget(): void {
    this.#ownResult = null;
    this.#reportedWhenActed = null;
  }

  readonly listening = $derived(this.badge.kind === 'listening');

  async start(): Promise<void> {
    if (this.hostError || this.portError || this.#action.busy) return;
    await this.#act(() => this.#api.startListener({ host: this.host.trim(), port: Number(this.port.trim()), format: this.format }));
  }

  async stop(): Promise<void> {
    if (this.#action.busy) return;
    await this.#act(() => this.#api.stopListener());
  }

  async #act(call: () => Promise<ListenerState>): Promise<void> {
    this.#reportedWhenActed = this.#reported();
    await this.#action.run(
      call,
      (state) => (this.#ownResult = badgeOf(state)),
      (message) => (this.#ownResult = { kind: 'error', message }),
    );
  }
}

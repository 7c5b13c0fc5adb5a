import type { Api } from '../../../../src-shared/api';
import type { LineFormat, ListenerState, Transport } from '../../../../src-shared/types';
import { BusyAction } from './busy-action.svelte';
import { badgeOf } from './listener-badge';
import type { ListenerBadge } from './listener-badge';
import { DEFAULT_FIELDS, fieldsOf } from './listener-fields';
import { hostError, portError } from './validate';

function sameListener(a: ListenerState, b: ListenerState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The listener form (host, port, format, transport) and what the listener is doing. While the engine listens
 * the fields show its real address and format (whoever started it, whatever port 0 became); once
 * stopped they keep the last ones. The answer to the user's own start/stop replaces whatever the
 * badge said as soon as it is asked ("Starting…"), and is shown until the engine reports a state
 * different from the one it reported when the user acted: a snapshot taken just before the click
 * must not flip the badge back, and a failed start (the engine stays "stopped") keeps showing why
 * it failed until something changes.
 */
export class ListenerControl {
  readonly #api: Api;
  readonly #reported: () => ListenerState;
  /** The form's fields, bound to its inputs. */
  host = $state(DEFAULT_FIELDS.host);
  port = $state(DEFAULT_FIELDS.port);
  format = $state<LineFormat>(DEFAULT_FIELDS.format);
  transport = $state<Transport>(DEFAULT_FIELDS.transport);
  readonly #action = new BusyAction();
  #pending = $state<'start' | 'stop' | null>(null);
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

  /** The last word on the listener: the user's own result while it stands, else the engine's report. */
  readonly #settled: ListenerBadge = $derived.by(() => this.#ownResult ?? badgeOf(this.#reported()));

  readonly badge: ListenerBadge = $derived.by(() => (this.#pending ? { kind: 'pending', action: this.#pending } : this.#settled));

  /** Whether the form offers Stop: the listener listens (while a start or stop runs, as before it). */
  readonly listening = $derived(this.#settled.kind === 'listening');

  /**
   * Hears each state the engine reports (status on load, then every snapshot): a listening one
   * fills the form, and once the engine moves on the user's own result has had its say.
   */
  observe(reported: ListenerState): void {
    this.#adopt(reported);
    const base = this.#reportedWhenActed;
    if (this.#ownResult && base && !sameListener(reported, base)) this.forget();
  }

  /** Drops the user's own result, e.g. when the engine behind the Api has restarted. */
  forget(): void {
    this.#ownResult = null;
    this.#reportedWhenActed = null;
  }

  async start(): Promise<void> {
    if (this.hostError || this.portError || this.#action.busy) return;
    const req = { host: this.host.trim(), port: Number(this.port.trim()), format: this.format, transport: this.transport };
    await this.#act('start', () => this.#api.startListener(req));
  }

  async stop(): Promise<void> {
    if (this.#action.busy) return;
    await this.#act('stop', () => this.#api.stopListener());
  }

  #adopt(state: ListenerState): void {
    const fields = fieldsOf(state);
    if (!fields) return;
    this.host = fields.host;
    this.port = fields.port;
    this.format = fields.format;
    this.transport = fields.transport;
  }

  async #act(action: 'start' | 'stop', call: () => Promise<ListenerState>): Promise<void> {
    this.#reportedWhenActed = this.#reported();
    this.#pending = action;
    await this.#action.run(
      call,
      (state) => {
        this.#adopt(state);
        this.#settle(badgeOf(state));
      },
      (message) => this.#settle({ kind: 'error', message }),
    );
  }

  /** The answer replaces "Starting…" in the same step, before the button is enabled again. */
  #settle(result: ListenerBadge): void {
    this.#ownResult = result;
    this.#pending = null;
  }
}

import type { Api, EventHistory, TimeRange } from '../../../../src-shared/api';
import { compareSeries } from '../charts/event-series';
import type { CompareMetric, SeriesSet } from '../charts/event-series';
import { EventHistories } from './event-histories.svelte';
import type { Held, PauseGate } from './pause.svelte';
import { pin, unpin } from './pins';

/**
 * The events the user looks at: the one open in the event view and up to four pinned for
 * comparison, their histories, and why a pin was refused. Only what the user did changes it.
 */
export class EventWatch {
  readonly histories: EventHistories;
  #open = $state<string | null>(null);
  #pins = $state.raw<readonly string[]>([]);
  #pinRefused = $state<string | null>(null);
  /** What the compare chart puts side by side; bound to its select. Default the count per window. */
  metric = $state<CompareMetric>('count');
  /** The open event's history as its view shows it: held while paused; another event opened shows (once). */
  readonly shown: Held<EventHistory | undefined>;
  /** The pinned events side by side, as the compare chart shows them: held while paused, but a pin, an unpin or another measure shows (once). */
  readonly compared: Held<SeriesSet>;

  constructor(api: Api, range: () => TimeRange, pause: PauseGate) {
    this.histories = new EventHistories(api, range);
    this.shown = pause.hold(
      () => (this.#open === null ? undefined : this.histories.get(this.#open)),
      () => this.#open,
    );
    const loaded = () => this.#pins.map((n) => this.histories.get(n)).filter((h): h is EventHistory => h !== undefined);
    this.compared = pause.hold(
      () => compareSeries(loaded(), this.metric),
      () =>
        `${this.metric}\u0000${loaded()
          .map((h) => h.event)
          .join('\u0000')}`,
    );
  }

  /** The event in the view, or null when it is closed. */
  get open(): string | null {
    return this.#open;
  }

  get pins(): readonly string[] {
    return this.#pins;
  }

  /** Why the last pin was refused; cleared by the next pin or unpin. */
  get pinRefused(): string | null {
    return this.#pinRefused;
  }

  openEvent(name: string): void {
    this.#open = name;
    this.#sync();
  }

  close(): void {
    this.#open = null;
    this.#sync();
  }

  isPinned(name: string): boolean {
    return this.#pins.includes(name);
  }

  togglePin(name: string): void {
    if (this.isPinned(name)) return this.unpin(name);
    const outcome = pin(this.#pins, name);
    this.#pins = outcome.pins;
    this.#pinRefused = outcome.refused;
    this.#sync();
  }

  unpin(name: string): void {
    this.#pins = unpin(this.#pins, name);
    this.#pinRefused = null;
    this.#sync();
  }

  /** Windows closed: every event on screen is read again. */
  refresh(): void {
    this.histories.refresh();
  }

  #sync(): void {
    this.histories.want(this.#open === null ? this.#pins : [this.#open, ...this.#pins]);
  }
}

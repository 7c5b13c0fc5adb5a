import type { Api, EventTotal, TimeRange } from '../../../../src-shared/api';
import type { EventCount } from '../../../../src-shared/types';
import { errorMessage } from '../api/api-error';
import { chosenIndex, moveActive } from './list-nav';
import { addOpenCounts } from './top-range';

/** Matches listed under the search box. */
export const SEARCH_MATCHES = 8;
/** Quiet time after a keystroke before asking: one request per pause in typing, not per letter. */
const TYPING_MS = 80;

/**
 * The event-name search: matches as you type (Api.events over the dashboard's recent windows, plus
 * the open window's live top events, whose names the journal has not seen yet), an active match
 * moved by the arrow keys, and the list open or closed. Answers to an older query are dropped.
 */
export class EventSearch {
  readonly #api: Api;
  readonly #range: () => TimeRange;
  readonly #openTop: () => readonly EventCount[];
  #query = $state('');
  /** The journal's matches for `q`, the text they answer. */
  #closed = $state.raw<{ q: string; totals: readonly EventTotal[] }>({ q: '', totals: [] });
  #active = $state(-1);
  #expanded = $state(false);
  #error = $state<string | null>(null);
  #searching = $state(false);
  #requests = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param range the closed windows to search (the dashboard's recent ones).
   * @param openTop the open window's top events, live.
   */
  constructor(api: Api, range: () => TimeRange, openTop: () => readonly EventCount[]) {
    this.#api = api;
    this.#range = range;
    this.#openTop = openTop;
  }

  /** What is typed; bound to the input. Setting it asks for matches. */
  get query(): string {
    return this.#query;
  }
  set query(q: string) {
    this.#query = q;
    this.#active = -1;
    clearTimeout(this.#timer);
    const id = ++this.#requests;
    if (q.trim() === '') {
      this.#closed = { q: '', totals: [] };
      this.#expanded = false;
      this.#searching = false;
      return;
    }
    this.#searching = true;
    this.#timer = setTimeout(() => void this.#search(id, q.trim()), TYPING_MS);
  }

  /**
   * The journal's matches with the open window's live counts added: names still in the open window
   * show (and grow) as they come, without another request.
   */
  readonly matches: readonly EventTotal[] = $derived.by(() => {
    const { q, totals } = this.#closed;
    return q === '' ? [] : addOpenCounts(totals, this.#openTop(), q).slice(0, SEARCH_MATCHES);
  });
  /** Index of the match the arrow keys are on; -1 for none. */
  get active(): number {
    return this.#active;
  }
  get expanded(): boolean {
    return this.#expanded;
  }
  get error(): string | null {
    return this.#error;
  }
  /** A request for the current text is on its way. */
  get searching(): boolean {
    return this.#searching;
  }

  move(delta: 1 | -1): void {
    if (this.#query.trim() === '') return;
    this.#expanded = true;
    this.#active = moveActive(this.#active, this.matches.length, delta);
  }

  /** The name Enter opens (the active match, else the first), or null when there is none. */
  chosen(): string | null {
    return this.matches[chosenIndex(this.#active, this.matches.length)]?.event ?? null;
  }

  /** Closes the list; true when it was open (so Escape had something to do). */
  collapse(): boolean {
    const was = this.#expanded;
    this.#expanded = false;
    this.#active = -1;
    return was;
  }

  /** Opens the list again (focus came back to a box with text). */
  expand(): void {
    if (this.#query.trim() !== '') this.#expanded = true;
  }

  async #search(id: number, q: string): Promise<void> {
    try {
      const totals = await this.#api.events({ ...this.#range(), q, limit: SEARCH_MATCHES });
      if (id !== this.#requests) return;
      this.#closed = { q, totals };
      this.#error = null;
    } catch (err) {
      if (id !== this.#requests) return;
      this.#closed = { q, totals: [] };
      this.#error = errorMessage(err);
    }
    this.#searching = false;
    this.#expanded = true;
    this.#active = -1;
  }
}

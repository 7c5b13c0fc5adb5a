import type { LinkState, Status } from '../../../../src-shared/api';
import type { Snapshot } from '../../../../src-shared/types';
import { historyProblem } from './history-problem';

/** The numbers of the headline cards, from the latest snapshot. */
export interface Headline {
  windowEvents: number;
  windowUnique: number;
  uniqueExact: boolean;
  rateNow: number;
  connections: number;
  windowRejected: number;
  totalEvents: number;
  totalRejected: number;
  connectionsTotal: number;
  connectionsRefused: number;
  udpDatagrams: number;
  /** null where the OS does not tell. */
  udpDrops: number | null;
}

const EMPTY_HEADLINE: Headline = {
  windowEvents: 0,
  windowUnique: 0,
  uniqueExact: true,
  rateNow: 0,
  connections: 0,
  windowRejected: 0,
  totalEvents: 0,
  totalRejected: 0,
  connectionsTotal: 0,
  connectionsRefused: 0,
  udpDatagrams: 0,
  udpDrops: null,
};

/**
 * The engine's live picture: the latest snapshot, replaced whole at most 4 times a second (so it is
 * $state.raw: no proxy, nothing deep to track), and the health of the link that brings it.
 */
export class LiveState {
  #snapshot = $state.raw<Snapshot | null>(null);
  #status = $state.raw<Status | null>(null);
  #link = $state<LinkState>('connecting');
  #wasOpen = $state(false);

  get snapshot(): Snapshot | null {
    return this.#snapshot;
  }

  get link(): LinkState {
    return this.#link;
  }

  /** True once the link has been up and is down now: the engine went away (e.g. serve restarted). */
  readonly lost = $derived(this.#wasOpen && this.#link !== 'open');

  readonly listener = $derived(this.#snapshot?.listener ?? this.#status?.listener ?? { state: 'stopped' as const });

  readonly connections = $derived(this.#snapshot?.connections ?? this.#status?.connections ?? []);

  readonly rejects = $derived(this.#snapshot?.rejects ?? []);

  /**
   * Where to send a first event, while the engine listens and not one line has come in since it
   * started (the empty state then teaches how); null otherwise.
   */
  readonly awaitingFirstLine: { host: string; port: number } | null = $derived.by(() => {
    const l = this.listener;
    const lines = (this.#snapshot ?? this.#status)?.totals.lines;
    return l.state === 'listening' && lines === 0 ? { host: l.host, port: l.port } : null;
  });

  readonly headline: Headline = $derived.by(() => {
    const s = this.#snapshot;
    if (!s) {
      const t = this.#status?.totals;
      return t
        ? {
            ...EMPTY_HEADLINE,
            totalEvents: t.events,
            totalRejected: t.rejected,
            connectionsTotal: t.connections_total,
            connectionsRefused: t.connections_refused,
            udpDatagrams: t.udp_datagrams,
            udpDrops: t.udp_drops,
          }
        : EMPTY_HEADLINE;
    }
    return {
      windowEvents: s.window.events,
      windowUnique: s.window.unique_events,
      uniqueExact: s.window.unique_exact,
      rateNow: s.rate_now,
      connections: s.connections.length,
      windowRejected: s.window.rejected,
      totalEvents: s.totals.events,
      totalRejected: s.totals.rejected,
      connectionsTotal: s.totals.connections_total,
      connectionsRefused: s.totals.connections_refused,
      udpDatagrams: s.totals.udp_datagrams,
      udpDrops: s.totals.udp_drops,
    };
  });

  /** What to tell the user while closed windows cannot be written to the journal, else null. */
  readonly historyProblem: string | null = $derived.by(() => historyProblem(this.#snapshot?.history ?? this.#status?.history));

  acceptSnapshot(s: Snapshot): void {
    this.#snapshot = s;
  }

  /** A status read over the Api; it fills the screen until the first snapshot arrives. */
  acceptStatus(s: Status): void {
    this.#status = s;
  }

  setLink(state: LinkState): void {
    this.#link = state;
    if (state === 'open') this.#wasOpen = true;
  }
}

import { untrack } from 'svelte';
import type { Api, TimeRange, Unsubscribe } from '../../../../src-shared/api';
import type { Summary } from '../../../../src-shared/types';
import { errorMessage } from '../api/api-error';
import { isoAt } from '../format/time';
import { ClusterState } from './cluster.svelte';
import { ConnectionControl } from './connections.svelte';
import { EventSearch } from './event-search.svelte';
import { EventWatch } from './event-watch.svelte';
import { ExportForm } from './export.svelte';
import { HISTORY_WINDOWS, WindowHistory } from './history.svelte';
import { ListenerControl } from './listener.svelte';
import { LiveState } from './live.svelte';
import { PageZone } from './page-zone.svelte';
import { PauseGate } from './pause.svelte';
import type { Held } from './pause.svelte';
import { SettingsForm } from './settings.svelte';
import { TopEventsView } from './top-events.svelte';
import type { TopView } from './top-events.svelte';

/**
 * Everything the dashboard shows, wired to one Api: pushes feed the live state and history, and
 * each (re)connection re-reads status, settings and recent windows, because the engine on the
 * other side may have restarted with a different picture.
 */
export class Dashboard {
  readonly api: Api;
  readonly live = new LiveState();
  readonly history = new WindowHistory();
  /** The page's one time zone (the export form's choice). */
  readonly zone = new PageZone();
  readonly listener: ListenerControl;
  readonly settings: SettingsForm;
  readonly exporter: ExportForm;
  readonly connectionControl: ConnectionControl;
  readonly pause = new PauseGate();
  readonly top: TopEventsView;
  readonly watch: EventWatch;
  readonly search: EventSearch;
  /** The cluster's state, polled while the Nodes card shows (cluster mode not off). */
  readonly cluster: ClusterState;
  /** What the dashboard's charts draw: held while paused, when the headline numbers and tables go on. */
  readonly charts: { rates: Held<readonly number[]>; top: Held<TopView>; windows: Held<readonly Summary[]> };
  #loadError = $state<string | null>(null);
  /** Windows closed while a history request is in flight, so the request's answer cannot drop them. */
  #closedDuringLoad: Summary[] | null = null;

  constructor(api: Api) {
    this.api = api;
    this.listener = new ListenerControl(api, () => this.live.listener);
    this.settings = new SettingsForm(api);
    this.exporter = new ExportForm(api, this.zone);
    this.connectionControl = new ConnectionControl(api);
    this.cluster = new ClusterState(api);
    this.top = new TopEventsView(api, {
      snapshot: () => this.live.snapshot,
      windows: () => this.history.windows,
      topN: () => this.settings.current.top_n,
      windowSeconds: () => this.settings.current.window_seconds,
    });
    const recent = () => this.#recentRange();
    this.watch = new EventWatch(api, recent, this.pause);
    this.search = new EventSearch(api, recent, () => this.live.snapshot?.top_events ?? []);
    this.charts = {
      rates: this.pause.hold(() => this.live.snapshot?.rates ?? []),
      // A range chosen while paused shows once its totals are read, then holds.
      top: this.pause.hold(
        () => this.top.view,
        () => `${this.top.range}/${this.top.view.loading}`,
      ),
      windows: this.pause.hold(() => this.history.windows),
    };
  }

  /**
   * The closed windows the event views and the search read: those the unique chart shows, so an
   * event's lines line up with it; before any has closed, as many windows' worth of time.
   */
  #recentRange(): TimeRange {
    const first = this.history.windows[0];
    if (first) return { from: first.window_start };
    return { from: isoAt(Date.now() - HISTORY_WINDOWS * this.settings.current.window_seconds * 1000) };
  }

  /** Windows closed, or history was read afresh: what adds up closed windows reads them again. */
  #windowsChanged(): void {
    this.top.refresh();
    this.watch.refresh();
  }

  /** Why the last refresh failed, if it did. */
  get loadError(): string | null {
    return this.#loadError;
  }

  /**
   * Subscribes to the Api's pushes and loads the current picture; returns the teardown. Untracked:
   * it is called from an effect, and onLink hands over the current link at once, so the handler's
   * read of `live.lost` would otherwise become the effect's dependency and every drop and return
   * of the link would tear the subscriptions down and connect again (with an extra refresh).
   */
  connect(): Unsubscribe {
    return untrack(() => this.#subscribe());
  }

  #subscribe(): Unsubscribe {
    let wasDown = false;
    const offs = [
      this.api.onSnapshot((s) => {
        this.live.acceptSnapshot(s);
        this.listener.observe(s.listener);
        if (s.closed.length > 0) {
          this.#closedDuringLoad?.push(...s.closed);
          this.history.append(s.closed);
          this.#windowsChanged();
        }
      }),
      this.api.onExportProgress((p) => this.exporter.acceptProgress(p)),
      this.api.onLink((state) => {
        this.live.setLink(state);
        if (state !== 'open') wasDown = this.live.lost || wasDown;
        else if (wasDown) {
          wasDown = false;
          this.listener.forget();
          void this.refresh();
        }
      }),
    ];
    void this.refresh();
    return () => {
      for (const off of offs) off();
    };
  }

  async refresh(): Promise<void> {
    this.#closedDuringLoad = [];
    try {
      const status = await this.api.status();
      this.live.acceptStatus(status);
      this.listener.observe(status.listener);
      this.settings.load(status.settings);
      const span = HISTORY_WINDOWS * status.settings.window_seconds * 1000;
      const recent = await this.api.summaries({ from: isoAt(Date.now() - span) });
      this.history.seed([...recent, ...this.#closedDuringLoad]);
      this.#windowsChanged();
      this.#loadError = null;
    } catch (err) {
      this.#loadError = errorMessage(err);
    } finally {
      this.#closedDuringLoad = null;
    }
  }
}

import { untrack } from 'svelte';
import type { Api, Unsubscribe } from '../../../../src-shared/api';
import type { Summary } from '../../../../src-shared/types';
import { errorMessage } from '../api/api-error';
import { isoAt } from '../format/time';
import { ConnectionControl } from './connections.svelte';
import { ExportForm } from './export.svelte';
import { HISTORY_WINDOWS, WindowHistory } from './history.svelte';
import { ListenerControl } from './listener.svelte';
import { LiveState } from './live.svelte';
import { PageZone } from './page-zone.svelte';
import { SettingsForm } from './settings.svelte';

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
  #loadError = $state<string | null>(null);
  /** Windows closed while a history request is in flight, so the request's answer cannot drop them. */
  #closedDuringLoad: Summary[] | null = null;

  constructor(api: Api) {
    this.api = api;
    this.listener = new ListenerControl(api, () => this.live.listener);
    this.settings = new SettingsForm(api);
    this.exporter = new ExportForm(api, this.zone);
    this.connectionControl = new ConnectionControl(api);
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
      this.#loadError = null;
    } catch (err) {
      this.#loadError = errorMessage(err);
    } finally {
      this.#closedDuringLoad = null;
    }
  }
}

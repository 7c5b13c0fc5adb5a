import type { ClusterStatus } from '../../../../src-shared/cluster';
import type {
  Api,
  ApiCommands,
  CommandName,
  EventHistory,
  EventQuery,
  EventsQuery,
  EventTotal,
  ExportProgress,
  ExportRequest,
  ExportResult,
  StartListenerRequest,
  Status,
  TimeRange,
} from '../../../../src-shared/api';
import type { Settings } from '../../../../src-shared/settings';
import type { ListenerState, Summary } from '../../../../src-shared/types';
import { ApiError, isErrorCode } from '../../../../src-shared/errors';
import { HTTP_ROUTES, LIVE_SOCKET_PATH, routeUrl } from '../../../../src-shared/http-routes';
import { saveCsvDownload } from './csv-download';
import { Emitter } from './emitter';
import { LiveSocket } from './live-socket';

export interface HttpApiOptions {
  /** Origin of `tallyline serve`, e.g. "http://127.0.0.1:7780". */
  base: string;
  /** The server's token, sent on every call; null when it needs none. */
  token: string | null;
}

const UNREACHABLE = 'Cannot reach the Tallyline engine; is `tallyline serve` running?';

/** The Api over `tallyline serve`'s HTTP routes and its /api/live WebSocket (see /api in DESIGN §5). */
export class HttpApi implements Api {
  readonly #base: string;
  readonly #token: string | null;
  readonly #live: LiveSocket;
  readonly #progress = new Emitter<ExportProgress>();
  /** While this page downloads an export it reports its own progress; the server's pushes would interleave. */
  #localExports = 0;

  constructor(options: HttpApiOptions) {
    this.#base = options.base.replace(/\/$/, '');
    this.#token = options.token;
    this.#live = new LiveSocket({ url: this.#liveUrl() });
    this.#live.exportProgress.on((p) => {
      if (this.#localExports === 0) this.#progress.emit(p);
    });
    this.#live.start();
  }

  cluster(): Promise<ClusterStatus> {
    return this.#command('cluster', undefined);
  }

  status(): Promise<Status> {
    return this.#command('status', undefined);
  }

  startListener(req: StartListenerRequest): Promise<ListenerState> {
    return this.#command('startListener', req);
  }

  stopListener(): Promise<ListenerState> {
    return this.#command('stopListener', undefined);
  }

  getSettings(): Promise<Settings> {
    return this.#command('getSettings', undefined);
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.#command('updateSettings', patch);
  }

  dropConnection(id: string): Promise<void> {
    return this.#command('dropConnection', id);
  }

  summaries(range: TimeRange): Promise<Summary[]> {
    return this.#command('summaries', range);
  }

  events(query: EventsQuery): Promise<EventTotal[]> {
    return this.#command('events', query);
  }

  event(query: EventQuery): Promise<EventHistory> {
    return this.#command('event', query);
  }

  async exportCsv(req: ExportRequest): Promise<ExportResult> {
    const path = routeUrl(HTTP_ROUTES.exportCsv, { what: req.what, from: req.from, to: req.to, tz: req.tz ?? 'utc' });
    this.#localExports += 1;
    try {
      const response = await this.#fetch('GET', path);
      if (!response.ok) throw await this.#errorOf(response);
      return await saveCsvDownload({ response, what: req.what, onProgress: (p) => this.#progress.emit(p) });
    } finally {
      this.#localExports -= 1;
    }
  }

  onSnapshot(cb: Parameters<Api['onSnapshot']>[0]) {
    return this.#live.snapshots.on(cb);
  }

  onExportProgress(cb: Parameters<Api['onExportProgress']>[0]) {
    return this.#progress.on(cb);
  }

  onLink(cb: Parameters<Api['onLink']>[0]) {
    return this.#live.onLink(cb);
  }

  /** A JSON command over its route in HTTP_ROUTES (the table serve routes by). */
  async #command<K extends CommandName>(name: K, arg: ApiCommands[K]['arg']): Promise<ApiCommands[K]['result']> {
    const route = HTTP_ROUTES[name];
    const response = await this.#fetch(route.method, routeUrl(route, arg), route.arg === 'body' ? arg : undefined);
    if (!response.ok) throw await this.#errorOf(response);
    if (response.status === 204) return undefined as ApiCommands[K]['result'];
    return (await response.json()) as ApiCommands[K]['result'];
  }

  async #fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(`${this.#base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError('UNREACHABLE', UNREACHABLE);
    }
  }

  async #errorOf(response: Response): Promise<ApiError> {
    try {
      const { error } = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      if (isErrorCode(error?.code) && typeof error.message === 'string') return new ApiError(error.code, error.message);
    } catch {
      // Not our JSON error body: fall through to the status line.
    }
    return new ApiError('INTERNAL', `The engine answered ${response.status} ${response.statusText}.`);
  }

  /** ws:// URL of /api/live; a WebSocket cannot send headers, so the token rides in the query. */
  #liveUrl(): string {
    const url = `${this.#base.replace(/^http/, 'ws')}${LIVE_SOCKET_PATH}`;
    return this.#token ? `${url}?token=${encodeURIComponent(this.#token)}` : url;
  }
}

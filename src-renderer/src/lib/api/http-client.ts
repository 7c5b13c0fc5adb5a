import type {
  Api,
  ApiErrorBody,
  ExportProgress,
  ExportRequest,
  ExportResult,
  ListenerState,
  Settings,
  StartListenerRequest,
  Status,
  Summary,
  TimeRange,
} from '../../../../src-shared/types';
import { ApiError } from './api-error';
import { saveCsvDownload } from './csv-download';
import { Emitter } from './emitter';
import { LiveSocket } from './live-socket';

export interface HttpApiOptions {
  /** Origin of `tallyline serve`, e.g. "http://127.0.0.1:7780". */
  base: string;
  /** The server's token, sent on every call; null when it needs none. */
  token: string | null;
}

const UNREACHABLE: ApiErrorBody = {
  code: 'UNREACHABLE',
  message: 'Cannot reach the Tallyline engine; is `tallyline serve` running?',
};

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

  status(): Promise<Status> {
    return this.#call('GET', '/api/status');
  }

  startListener(req: StartListenerRequest): Promise<ListenerState> {
    return this.#call('POST', '/api/listener/start', req);
  }

  stopListener(): Promise<ListenerState> {
    return this.#call('POST', '/api/listener/stop');
  }

  getSettings(): Promise<Settings> {
    return this.#call('GET', '/api/settings');
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.#call('PATCH', '/api/settings', patch);
  }

  async dropConnection(id: string): Promise<void> {
    await this.#call('DELETE', `/api/connections/${encodeURIComponent(id)}`);
  }

  summaries(range: TimeRange): Promise<Summary[]> {
    return this.#call('GET', this.#path('/api/summaries', { from: range.from, to: range.to }));
  }

  async exportCsv(req: ExportRequest): Promise<ExportResult> {
    const path = this.#path(`/api/export/${req.what}.csv`, { from: req.from, to: req.to, tz: req.tz ?? 'utc' });
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

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#fetch(method, path, body);
    if (!response.ok) throw await this.#errorOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
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
      throw new ApiError(UNREACHABLE);
    }
  }

  async #errorOf(response: Response): Promise<ApiError> {
    try {
      const parsed = (await response.json()) as { error?: Partial<ApiErrorBody> };
      if (parsed.error?.code && parsed.error.message) return new ApiError(parsed.error as ApiErrorBody);
    } catch {
      // Not our JSON error body: fall through to the status line.
    }
    return new ApiError({ code: `HTTP_${response.status}`, message: `The engine answered ${response.status} ${response.statusText}.` });
  }

  #path(path: string, query: Record<string, string | undefined>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  }

  /** ws:// URL of /api/live; a WebSocket cannot send headers, so the token rides in the query. */
  #liveUrl(): string {
    const url = `${this.#base.replace(/^http/, 'ws')}/api/live`;
    return this.#token ? `${url}?token=${encodeURIComponent(this.#token)}` : url;
  }
}

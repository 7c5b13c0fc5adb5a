import type { ExportProgress, LinkState, LiveMessage } from '../../../../src-shared/api';
import type { Snapshot } from '../../../../src-shared/types';
import { Emitter } from './emitter';

export interface LiveSocketOptions {
  /** ws:// URL of /api/live, token included when the server needs one. */
  url: string;
  /** First reconnect delay in ms; doubles per failed attempt. Default 250. */
  minRetryMs?: number;
  /** Longest reconnect delay in ms. Default 4000. */
  maxRetryMs?: number;
}

/**
 * The browser's end of /api/live: one WebSocket, reopened with backoff whenever it drops (a
 * restarted `tallyline serve`), fanned out to subscribers. Frames are parsed here and nowhere else.
 */
export class LiveSocket {
  readonly snapshots = new Emitter<Snapshot>();
  readonly exportProgress = new Emitter<ExportProgress>();
  readonly #link = new Emitter<LinkState>();
  readonly #url: string;
  readonly #minRetryMs: number;
  readonly #maxRetryMs: number;
  #state: LinkState = 'closed';
  #socket: WebSocket | null = null;
  #retryMs: number;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = true;

  constructor(options: LiveSocketOptions) {
    this.#url = options.url;
    this.#minRetryMs = options.minRetryMs ?? 250;
    this.#maxRetryMs = options.maxRetryMs ?? 4000;
    this.#retryMs = this.#minRetryMs;
  }

  get state(): LinkState {
    return this.#state;
  }

  /** Subscribes to link changes; the callback hears the current state at once, so a UI never guesses. */
  onLink(cb: (s: LinkState) => void): () => void {
    const off = this.#link.on(cb);
    cb(this.#state);
    return off;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#socket?.close();
    this.#socket = null;
    this.#setState('closed');
  }

  #open(): void {
    this.#setState('connecting');
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = this.#minRetryMs;
      this.#setState('open');
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.#dispatch(ev.data);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#stopped) return;
      this.#setState('closed');
      this.#scheduleReconnect();
    };
  }

  #scheduleReconnect(): void {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, this.#maxRetryMs);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopped) this.#open();
    }, delay);
  }

  #dispatch(text: string): void {
    let msg: LiveMessage;
    try {
      msg = JSON.parse(text) as LiveMessage;
    } catch {
      // A frame we cannot read is dropped; the next snapshot (250 ms later) replaces it anyway.
      return;
    }
    if (msg.type === 'snapshot') this.snapshots.emit(msg.data);
    else if (msg.type === 'exportProgress') this.exportProgress.emit(msg.data);
  }

  #setState(state: LinkState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#link.emit(state);
  }
}

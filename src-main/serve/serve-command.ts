// `tallyline serve` without the process around it: engine client, optional ingest listener, HTTP
// server; one object to stop them in order. The command line adds printing and signals.
import type { Worker, WorkerOptions } from 'node:worker_threads';
import type { Settings } from '../../src-shared/settings';
import type { LogFn } from '../../src-shared/types';
import { EngineClient, EngineError, type IngestWorkerSpec } from '../engine/index';
import { formatHostPort, isLoopbackHost, type HostPort } from './host-port';
import { startHttpServer, type HttpServerHandle } from './http-server';

export interface ServeOptions {
  /** Folder of the summary journal. */
  dataDir: string;
  /** Folder of the built UI. */
  uiDir: string;
  /** Starts the engine worker (the bundled chunk, or a TypeScript worker in tests). */
  createWorker: (options: WorkerOptions) => Worker;
  /** Where the ingest worker's code is; without it the engine ingests on one thread. */
  ingestWorker?: IngestWorkerSpec;
  /** Interface of the UI and API. Default '127.0.0.1'; anything but loopback needs `token`. */
  uiHost?: string;
  /** Port of the UI and API; 0 picks a free one. Default 7780. */
  uiPort?: number;
  /** Start the ingest listener here at once. Default none (start it from the UI or the API). */
  listen?: HostPort | null;
  /** Engine settings (window size, event-time mode...). Default: DEFAULT_SETTINGS. */
  settings?: Partial<Settings>;
  /** Needed on every API call when set. Default null. */
  token?: string | null;
  /** How to pick another UI port, said when the port is taken. Default: the --ui-port flag. */
  portHint?: string;
  /** Engine messages. Default console.error. */
  log?: LogFn;
}

export interface RunningServe {
  /** What the start line prints: the UI URL and the ingest address (null when not listening). */
  startLine: { ui: string; ingest: string | null };
  engine: EngineClient;
  /** Closes the HTTP server, then shuts the engine down (the open window is journaled). Idempotent. */
  stop(): Promise<void>;
}

/** Refuses an exposed UI without a token, before anything starts. */
export function checkExposure(uiHost: string, token: string | null | undefined): void {
  if (token === '') throw new EngineError('BAD_REQUEST', '--token must not be empty');
  if (!token && !isLoopbackHost(uiHost)) {
    throw new EngineError(
      'TOKEN_REQUIRED',
      `--ui-host ${uiHost} can be reached from other machines; add --token <secret> so that only those who know it can use the API`,
    );
  }
}

export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  const uiHost = opts.uiHost ?? '127.0.0.1';
  checkExposure(uiHost, opts.token);
  const engine = await EngineClient.start({
    dataDir: opts.dataDir,
    settings: opts.settings,
    createWorker: opts.createWorker,
    ingestWorker: opts.ingestWorker,
    log: opts.log,
    owner: 'tallyline serve',
  });
  // The UI port before the ingest listener: if it is taken, no client has sent anything yet.
  let http: HttpServerHandle | null = null;
  try {
    http = await startHttpServer({
      engine,
      uiDir: opts.uiDir,
      uiHost,
      uiPort: opts.uiPort,
      token: opts.token ?? null,
      portHint: opts.portHint,
    });
    let ingest: string | null = null;
    if (opts.listen) {
      const state = await engine.startListener({ host: opts.listen.host, port: opts.listen.port });
      if (state.state === 'error') throw new EngineError(state.code, state.message);
      if (state.state === 'listening') ingest = formatHostPort(state.host, state.port);
    }
    const served = http;
    let stopping: Promise<void> | null = null;
    return {
      startLine: { ui: served.url, ingest },
      engine,
      stop: () => {
        stopping ??= served.close().finally(() => engine.shutdown());
        return stopping;
      },
    };
  } catch (err) {
    // A serve that failed to start journals nothing: no window of it reaches the history.
    await http?.close();
    await engine.shutdown({ journal: false });
    throw err;
  }
}

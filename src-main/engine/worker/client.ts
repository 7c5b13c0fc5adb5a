// The client of the engine worker, used alike by Electron main and `tallyline serve`: starts
// the worker, turns requests into promises, fans snapshots out, and reads history and exports
// straight from the journal files (so a long export never queues behind ingest).
import type { Worker, WorkerOptions } from 'node:worker_threads';
import {
  MAX_PUSHES_PER_SEC,
  type EventHistory,
  type EventQuery,
  type EventsQuery,
  type EventTotal,
  type ExportProgress,
  type ExportRequest,
  type StartListenerRequest,
  type Status,
  type TimeRange,
  type Unsubscribe,
} from '../../../src-shared/api';
import type { ClusterStatus } from '../../../src-shared/cluster';
import { type Settings } from '../../../src-shared/settings';
import { type ListenerState, type LogFn, type Snapshot, type Summary } from '../../../src-shared/types';
import { exportCsv, type ExportOutcome } from '../export/csv-export';
import { EngineError } from '../errors';
import { readEventHistory, readEventTotals } from '../journal/event-history';
import { readSummaries } from '../journal/reader';
import type { IngestWorkerSpec } from '../ingest/worker-shard';
import type { EngineWorkerData, WorkerCommandName, WorkerCommands, WorkerEvent, WorkerRequest } from './protocol';

export interface EngineClientOptions {
  /** Journal folder. */
  dataDir: string;
  /** Initial settings; missing fields take DEFAULT_SETTINGS. */
  settings?: Partial<Settings>;
  /** Starts the engine worker (`?nodeWorker` import in built code, createTsWorker in tests). */
  createWorker: (options: WorkerOptions) => Worker;
  /** Snapshot period in ms. Default 250. */
  snapshotIntervalMs?: number;
  /** Where engine messages go. Default console.error. */
  log?: LogFn;
  /** Who owns the data folder, as its lock names the holder to a second process. Default "a Tallyline engine". */
  owner?: string;
  /** Where the ingest worker's code is (`?modulePath` import in built code, its TypeScript source in tests). */
  ingestWorker?: IngestWorkerSpec;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class EngineClient {
  readonly dataDir: string;
  private readonly pending = new Map<number, Pending>();
  private readonly snapshotListeners = new Set<(s: Snapshot) => void>();
  private readonly downListeners = new Set<(message: string) => void>();
  private nextId = 1;
  private down: EngineError | null = null;
  private shutdownPromise: Promise<void> | null = null;

  private constructor(
    private readonly worker: Worker,
    opts: EngineClientOptions,
    private readonly log: LogFn,
  ) {
    this.dataDir = opts.dataDir;
  }

  static start(opts: EngineClientOptions): Promise<EngineClient> {
    const log = opts.log ?? ((level, message) => console.error(`[engine ${level}] ${message}`));
    const workerData: EngineWorkerData = {
      data_dir: opts.dataDir,
      settings: opts.settings,
      snapshot_interval_ms: opts.snapshotIntervalMs,
      owner: opts.owner,
      ingest_worker: opts.ingestWorker,
    };
    const worker = opts.createWorker({ workerData });
    const client = new EngineClient(worker, opts, log);
    return new Promise((resolve, reject) => {
      let ready = false;
      // Why the engine could not start, when it said so before exiting.
      let failure: EngineError | null = null;
      worker.on('message', (event: WorkerEvent) => {
        if (event.type === 'ready') {
          ready = true;
          resolve(client);
        } else if (event.type === 'failed') {
          // A failure without a code of ours (a folder that is a file, say) is still the engine not starting.
          const { code, message } = event.error;
          failure =
            code === 'INTERNAL' ? new EngineError('ENGINE_DOWN', `the engine could not start: ${message}`) : new EngineError(code, message);
        } else client.receive(event);
      });
      // Before it is ready, a failure is the start's rejection (the caller says it once), not a log line.
      worker.on('error', (err) => {
        if (ready) client.fail(`the engine stopped: ${err.message}`);
        else reject(new EngineError('ENGINE_DOWN', `the engine could not start: ${err.message}`));
      });
      worker.on('exit', (code) => {
        if (ready) client.fail(`the engine exited (code ${code})`);
        else reject(failure ?? new EngineError('ENGINE_DOWN', `the engine could not start (exit code ${code})`));
      });
    });
  }

  status(): Promise<Status> {
    return this.request('status', undefined);
  }

  cluster(): Promise<ClusterStatus> {
    return this.request('cluster', undefined);
  }

  startListener(req: StartListenerRequest): Promise<ListenerState> {
    return this.request('startListener', req);
  }

  stopListener(): Promise<ListenerState> {
    return this.request('stopListener', undefined);
  }

  async getSettings(): Promise<Settings> {
    return (await this.status()).settings;
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.request('updateSettings', patch);
  }

  async dropConnection(id: string): Promise<void> {
    await this.request('dropConnection', id);
  }

  async summaries(range: TimeRange = {}): Promise<Summary[]> {
    const out: Summary[] = [];
    for await (const s of readSummaries(this.dataDir, range)) out.push(s);
    return out;
  }

  /** Event names seen in a range, with their counts (from the journal: closed windows). */
  events(query: EventsQuery): Promise<EventTotal[]> {
    return readEventTotals(this.dataDir, query);
  }

  /** One event over a range: its windows and its tag breakdown (from the journal). */
  event(query: EventQuery): Promise<EventHistory> {
    return readEventHistory(this.dataDir, query);
  }

  /** Streams the CSV into `out` (the caller ends it); progress at most MAX_PUSHES_PER_SEC times a second, then once with done. */
  exportCsv(req: ExportRequest, out: NodeJS.WritableStream, onProgress?: (p: ExportProgress) => void): Promise<ExportOutcome> {
    let last = 0;
    const throttled = onProgress
      ? (p: ExportProgress) => {
          const now = Date.now();
          if (p.done || now - last >= 1000 / MAX_PUSHES_PER_SEC) {
            last = now;
            onProgress(p);
          }
        }
      : undefined;
    return exportCsv(this.dataDir, req, out, throttled);
  }

  onSnapshot(cb: (s: Snapshot) => void): Unsubscribe {
    this.snapshotListeners.add(cb);
    return () => this.snapshotListeners.delete(cb);
  }

  /** Called once if the engine worker dies on its own (not after shutdown), so a host process can say so and exit. */
  onDown(cb: (message: string) => void): Unsubscribe {
    this.downListeners.add(cb);
    return () => this.downListeners.delete(cb);
  }

  /**
   * Stops the listener, writes the open window (partial), ends the worker and gives up the data
   * folder. With `journal: false` (a host that failed to start) nothing is written. Idempotent.
   */
  shutdown(opts: { journal?: boolean } = {}): Promise<void> {
    this.shutdownPromise ??= (async () => {
      if (!this.down) {
        try {
          await this.request('shutdown', { journal: opts.journal !== false });
        } catch (err) {
          this.log('warn', `engine shutdown: ${(err as Error).message}`);
        }
      }
      this.down ??= new EngineError('ENGINE_DOWN', 'the engine has been shut down');
      await this.worker.terminate();
    })();
    return this.shutdownPromise;
  }

  private request<K extends WorkerCommandName>(command: K, arg: WorkerCommands[K]['arg']): Promise<WorkerCommands[K]['result']> {
    if (this.down) return Promise.reject(this.down);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, command, arg } as WorkerRequest);
    });
  }

  private receive(event: WorkerEvent): void {
    switch (event.type) {
      case 'reply': {
        const p = this.pending.get(event.id);
        if (!p) return;
        this.pending.delete(event.id);
        if (event.ok) p.resolve(event.value);
        else p.reject(new EngineError(event.error.code, event.error.message));
        return;
      }
      case 'snapshot':
        for (const cb of this.snapshotListeners) {
          try {
            cb(event.snapshot);
          } catch (err) {
            this.log('error', `snapshot listener failed: ${(err as Error).message}`);
          }
        }
        return;
      case 'log':
        this.log(event.level, event.message);
        return;
      case 'ready':
        return;
    }
  }

  private fail(message: string): void {
    if (this.down) return;
    this.down = new EngineError('ENGINE_DOWN', message);
    this.log('error', message);
    for (const p of this.pending.values()) p.reject(this.down);
    this.pending.clear();
    for (const cb of this.downListeners) cb(message);
  }
}

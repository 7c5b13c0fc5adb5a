// Messages between the engine client and the engine worker. Requests are the Api's own commands,
// by name, plus `shutdown`: one generic request shape, so adding a command adds no message type.
import type { ApiErrorBody } from '../../../src-shared/errors';
import type { ApiCommands } from '../../../src-shared/api';
import type { Settings } from '../../../src-shared/settings';
import type { LogFn, Snapshot } from '../../../src-shared/types';
import type { IngestWorkerSpec } from '../ingest/worker-shard';

/** What the client passes as workerData. */
export interface EngineWorkerData {
  /** Folder of the summary journal. */
  data_dir: string;
  /** Initial settings (missing fields take DEFAULT_SETTINGS), already validated by the host. */
  settings?: Partial<Settings>;
  /** Snapshot period in ms; default SNAPSHOT_INTERVAL_MS. */
  snapshot_interval_ms?: number;
  /** Who owns the data folder, for its lock (e.g. "tallyline serve"). */
  owner?: string;
  /** Where the ingest worker's code is (DESIGN §9); without it the engine's thread ingests alone. */
  ingest_worker?: IngestWorkerSpec;
}

/**
 * The commands the worker carries out: the Api commands that need the running engine (history and
 * exports are read from the journal files by the client, without a round trip), and `shutdown`,
 * which stops the listener and journals the open window as partial before it replies.
 */
export type WorkerCommands = Pick<
  ApiCommands,
  'status' | 'startListener' | 'stopListener' | 'updateSettings' | 'dropConnection' | 'cluster'
> & {
  shutdown: { arg: { journal: boolean }; result: void };
};
export type WorkerCommandName = keyof WorkerCommands;

export type WorkerRequest = {
  [K in WorkerCommandName]: { id: number; command: K; arg: WorkerCommands[K]['arg'] };
}[WorkerCommandName];

export type WorkerEvent =
  | { type: 'ready' }
  /** The engine could not start (the data folder is locked, say); the worker exits after it. */
  | { type: 'failed'; error: ApiErrorBody }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiErrorBody }
  /** Every snapshot interval; `snapshot.closed` holds windows closed (and journaled) since the last one. */
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'log'; level: Parameters<LogFn>[0]; message: string };

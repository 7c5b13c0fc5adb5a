// Messages between an engine host and the engine worker: discriminated unions on `type`.
import type { ApiErrorBody, ListenerState, Settings, Snapshot, StartListenerRequest, Status } from '../../../src-shared/types';

/** What the host passes as workerData. */
export interface EngineWorkerData {
  /** Folder of the summary journal. */
  data_dir: string;
  /** Initial settings (missing fields take DEFAULT_SETTINGS). */
  settings?: Partial<Settings>;
  /** Snapshot period in ms; default SNAPSHOT_INTERVAL_MS. */
  snapshot_interval_ms?: number;
}

export type EngineRequest =
  | { type: 'status'; id: number }
  | { type: 'start_listener'; id: number; req: StartListenerRequest }
  | { type: 'stop_listener'; id: number }
  | { type: 'update_settings'; id: number; patch: Partial<Settings> }
  | { type: 'drop_connection'; id: number; connection_id: string }
  /** Stop the listener, write the open window as a partial summary, then reply. */
  | { type: 'shutdown'; id: number };

export interface EngineReplyValues {
  status: Status;
  start_listener: ListenerState;
  stop_listener: ListenerState;
  update_settings: Settings;
  drop_connection: null;
  shutdown: null;
}

export type EngineEvent =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiErrorBody }
  /** Every snapshot interval; `snapshot.closed` holds windows closed (and journaled) since the last one. */
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

// The contract shared by the engine, its hosts (Electron main, `tallyline serve`), the preload,
// the WebSocket client and the renderer. Types and constants only: no runtime dependencies.
// Field names are snake_case because they cross JSON boundaries (DESIGN.md §3, §5) unchanged.
import type { ErrorCode } from './errors';

/** Where a part of the app says something worth a log line. */
export type LogFn = (level: 'info' | 'warn' | 'error', message: string) => void;

/** How a line is read. `auto` detects per line (DESIGN §2). */
export type LineFormat = 'auto' | 'json' | 'statsd' | 'plain';

/** Why a line was rejected. Every rejection carries exactly one of these. */
export type RejectReason =
  | 'line_too_long'
  | 'name_too_long'
  | 'empty_name'
  | 'invalid_json'
  | 'missing_event'
  | 'invalid_field'
  | 'invalid_statsd_value'
  | 'invalid_statsd_type'
  | 'invalid_statsd_rate'
  | 'invalid_utf8'
  /** Event-time mode: a `ts` further ahead of the arrival than the future_tolerance_ms setting. */
  | 'future';

/** One entry of a top-events list, largest count first. */
export interface EventCount {
  event: string;
  count: number;
  /**
   * Present once the window's counts are estimates (past the exact threshold): the most `count`
   * can over-state, so `count - error` occurrences are guaranteed (Space-Saving's bound).
   */
  error?: number;
}

/** The counters of one window, closed or still open. Times are ISO 8601 UTC strings. */
export interface WindowCounters {
  window_start: string;
  window_end: string;
  /** Occurrences (StatsD counters add value/rate). */
  events: number;
  unique_events: number;
  /** false once unique_events is a HyperLogLog estimate. */
  unique_exact: boolean;
  distinct_users: number;
  distinct_users_exact: boolean;
  /** Bytes of accepted and rejected lines, newline included. */
  bytes: number;
  rejected: number;
  late: number;
  /** Most events counted in one second of arrival time within the window. */
  peak_rate: number;
  connections_peak: number;
}

/** One closed window (DESIGN §3). */
export interface Summary extends WindowCounters {
  top_events: EventCount[];
  /** false once top counts are estimates: each entry then carries its `error`. Absent in journals written before it existed. */
  top_exact?: boolean;
  /**
   * true when the window was cut before its natural end: by a stop, or by a change of window size
   * or event-time mode (window_end is then the instant of the cut, and rates are over its length).
   */
  partial?: boolean;
}

/** A summary with its per-event counts: top N events plus an `(other)` row. What the journal stores. */
export interface WindowRecord {
  summary: Summary;
  event_counts: EventCount[];
}

export const OTHER_EVENT = '(other)';

export type ListenerState =
  | { state: 'stopped' }
  | { state: 'listening'; host: string; port: number; format: LineFormat }
  | { state: 'error'; code: ListenerErrorCode; message: string };

export type ListenerErrorCode = Extract<ErrorCode, 'EADDRINUSE' | 'EACCES' | 'EADDRNOTAVAIL' | 'BAD_HOST' | 'BAD_PORT' | 'LISTEN_FAILED'>;

export interface ConnectionInfo {
  id: string;
  /** "address:port" of the client. */
  remote: string;
  connected_since: string;
  lines: number;
  bytes: number;
  rejects: number;
  /** Accepted lines in the last full second. */
  lines_per_sec: number;
}

export interface RejectSample {
  at: string;
  reason: RejectReason;
  connection_id: string;
  remote: string;
  /** The start of the line (at most 200 characters), for the user to recognise it. */
  line: string;
}

/** Counters since the engine started. */
export interface Totals {
  /** Events the windows hold (closed and open): late events are not among them. */
  events: number;
  lines: number;
  bytes: number;
  rejected: number;
  /** Events counted late (event-time mode) and held by no window. */
  late: number;
  connections_total: number;
  /** Connections closed at once because max_connections were open. */
  connections_refused: number;
  rejected_by_reason: Partial<Record<RejectReason, number>>;
}

/** Whether closed windows reach the journal (a full disk, say, stops them; they then wait in memory). */
export interface HistoryState {
  saving: boolean;
  /** Closed windows waiting to be written. */
  pending_windows: number;
  /** Windows dropped because too many waited; counted since the engine started. */
  dropped_windows: number;
  /** Why writing fails, while it does. */
  error: string | null;
}

/**
 * Pushed every 250 ms by the engine: the only live push, so a UI gets at most 4 a second whatever
 * the ingest rate. Windows closed since the previous snapshot ride along in `closed`.
 */
export interface Snapshot {
  at: string;
  /** Summaries closed (and journaled) since the previous snapshot, oldest first; usually empty. */
  closed: Summary[];
  window: WindowCounters;
  /** Per-second event counts (arrival time) of the last 300 s, oldest first; `rates_start` is the first second. */
  rates_start: string;
  rates: number[];
  /** Events in the last full second. */
  rate_now: number;
  top_events: EventCount[];
  connections: ConnectionInfo[];
  /** The last 20 rejected lines, newest first. */
  rejects: RejectSample[];
  listener: ListenerState;
  totals: Totals;
  history: HistoryState;
}

/** Engine settings; each field documents its default. Applied without restart. */
export interface Settings {
  /** Window size in seconds, 1 to 3600. Default 60. */
  window_seconds: number;
  /** Event-time mode: events with `ts` go to the window of `ts`. Default false. */
  event_time: boolean;
  /** Allowed lateness in event-time mode, ms, 0 to 3,600,000. Default 5000. */
  lateness_ms: number;
  /** Event-time mode: how far ahead of its arrival a `ts` may be (sender clocks run fast), ms, 0 to 3,600,000; beyond it the line is rejected as `future`. Default 60000. */
  future_tolerance_ms: number;
  /** Longest accepted line in bytes, newline excluded, 16 to 16 MiB. Default 65536. */
  max_line_bytes: number;
  /** Longest accepted event name in characters, 1 to 65536. Default 256. */
  max_name_chars: number;
  /** Most simultaneous client connections, 1 to 100000. Default 1024. */
  max_connections: number;
  /** Events per window kept for event_counts.csv (the rest become `(other)`), 1 to 100000. Default 1000. */
  top_n: number;
  /** Journal retention in days, 1 to 3650. Default 30. */
  retention_days: number;
  /** How long stopping the listener keeps reading what clients already sent, ms, 0 to 60000. Default 1000. */
  stop_drain_ms: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  window_seconds: 60,
  event_time: false,
  lateness_ms: 5000,
  future_tolerance_ms: 60_000,
  max_line_bytes: 65536,
  max_name_chars: 256,
  max_connections: 1024,
  top_n: 1000,
  retention_days: 30,
  stop_drain_ms: 1000,
});

/** Inclusive ranges of the numeric settings, for validation in every host and the UI form. */
export const SETTINGS_RANGES: Readonly<Record<Exclude<keyof Settings, 'event_time'>, readonly [number, number]>> = Object.freeze({
  window_seconds: [1, 3600],
  lateness_ms: [0, 3_600_000],
  future_tolerance_ms: [0, 3_600_000],
  max_line_bytes: [16, 16 * 1024 * 1024],
  max_name_chars: [1, 65536],
  max_connections: [1, 100_000],
  top_n: [1, 100_000],
  retention_days: [1, 3650],
  stop_drain_ms: [0, 60_000],
} as const);

export interface StartListenerRequest {
  host: string;
  port: number;
  /** Default 'auto'. */
  format?: LineFormat;
}

export interface Status {
  listener: ListenerState;
  connections: ConnectionInfo[];
  totals: Totals;
  history: HistoryState;
  settings: Settings;
}

export interface TimeRange {
  /** ISO 8601; windows starting at or after this. */
  from?: string;
  /** ISO 8601; windows starting before this. */
  to?: string;
}

export type ExportKind = 'summaries' | 'event_counts';
export type ExportTimeZone = 'utc' | 'local';

export interface ExportRequest extends TimeRange {
  what: ExportKind;
  /** Default 'utc'. */
  tz?: ExportTimeZone;
}

export interface ExportProgress {
  what: ExportKind;
  /** Windows written so far and in all (total may be an estimate while reading). */
  windows_done: number;
  windows_total: number;
  done: boolean;
}

export interface ExportResult {
  /** Where the file went (a path in Electron, a file name in a browser); null when cancelled. */
  file: string | null;
  rows: number;
  bytes: number;
}

export type Unsubscribe = () => void;

/** How the UI knows whether its link to the engine is up (WebSocket in a browser). */
export type LinkState = 'connecting' | 'open' | 'closed';

/**
 * The one API the renderer talks to. Implemented by the preload (Electron), the HTTP/WebSocket
 * client (browser against `tallyline serve`) and tests. Calls reject with an Error whose
 * `code` property holds ApiErrorBody.code.
 */
export interface Api {
  status(): Promise<Status>;
  startListener(req: StartListenerRequest): Promise<ListenerState>;
  stopListener(): Promise<ListenerState>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  dropConnection(id: string): Promise<void>;
  summaries(range: TimeRange): Promise<Summary[]>;
  exportCsv(req: ExportRequest): Promise<ExportResult>;
  onSnapshot(cb: (s: Snapshot) => void): Unsubscribe;
  onExportProgress(cb: (p: ExportProgress) => void): Unsubscribe;
  onLink(cb: (s: LinkState) => void): Unsubscribe;
}

/** Commands of the Api, by name, with their argument and result: the IPC and HTTP registry. */
export interface ApiCommands {
  status: { arg: void; result: Status };
  startListener: { arg: StartListenerRequest; result: ListenerState };
  stopListener: { arg: void; result: ListenerState };
  getSettings: { arg: void; result: Settings };
  updateSettings: { arg: Partial<Settings>; result: Settings };
  dropConnection: { arg: string; result: void };
  summaries: { arg: TimeRange; result: Summary[] };
  exportCsv: { arg: ExportRequest; result: ExportResult };
}
export type CommandName = keyof ApiCommands;

/** Pushes from the engine to every UI, over IPC or the WebSocket, by name. */
export interface ApiPushes {
  snapshot: Snapshot;
  /** Sent while an export runs, at most 4 a second, and once with done: true. */
  exportProgress: ExportProgress;
}
export type PushName = keyof ApiPushes;

/** What carries out each command once its caller and argument are known to be good (IPC and HTTP hosts build one). */
export type CommandImpls = {
  [K in CommandName]: (arg: ApiCommands[K]['arg']) => Promise<ApiCommands[K]['result']>;
};

/** Electron IPC channel of a command, e.g. `tallyline:cmd:status`. */
export function commandChannel(name: CommandName): string {
  return `tallyline:cmd:${name}`;
}

/** Electron IPC channel of a push, e.g. `tallyline:push:snapshot`. */
export function pushChannel(name: PushName): string {
  return `tallyline:push:${name}`;
}

export const COMMAND_NAMES: readonly CommandName[] = [
  'status',
  'startListener',
  'stopListener',
  'getSettings',
  'updateSettings',
  'dropConnection',
  'summaries',
  'exportCsv',
];
export const PUSH_NAMES: readonly PushName[] = ['snapshot', 'exportProgress'];

/** WebSocket frames of /api/live: `{type, data}`. */
export type LiveMessage = { type: 'snapshot'; data: Snapshot } | { type: 'exportProgress'; data: ExportProgress };

/** Most pushes a UI receives per second, whatever the ingest rate. */
export const MAX_PUSHES_PER_SEC = 4;
export const SNAPSHOT_INTERVAL_MS = 250;
export const RATE_HISTORY_SECONDS = 300;
export const REJECT_SAMPLES_KEPT = 20;

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
  /** Most events counted in one second within the window (of arrival time; of `ts` in event-time mode). */
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
  /**
   * Cluster mode (DESIGN §10), a viewer's merged window only: the nodes whose partials it merged,
   * and those alive in the window that had not reported (absent on one machine). Journaled and read
   * back, but not in summaries.csv, whose columns are fixed (DESIGN §4).
   */
  nodes?: string[];
  nodes_missing?: string[];
}

/** The values of one event in one window (DESIGN §8): exact count, sum, min, max, mean; quantiles within 1 % (DDSketch). */
export interface EventValues {
  /** Values counted; a sampled timer at rate r counts 1/r. */
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  /** null when only StatsD counter steps came (they have no quantiles). */
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** One tag key of an event: its most frequent values with their counts, the rest as `(other)`. */
export interface TagBreakdown {
  key: string;
  values: { value: string; count: number }[];
}

/** A per-event row of a window: its count and, where they came, its users, values, gauge and tags. */
export interface EventRow extends EventCount {
  /** Distinct users of this event (JSON `user`, StatsD set members): exact to 128, then estimated. */
  distinct_users?: number;
  distinct_users_exact?: boolean;
  /** null (or absent) when no value came. */
  values?: EventValues | null;
  /** The last StatsD gauge level, after `+N`/`-N` deltas; null (or absent) when no gauge came. */
  gauge_last?: number | null;
  /** At most 16 keys (the rest as key `(other)`), each with at most 32 values (the rest as `(other)`). */
  tags?: TagBreakdown[];
}

/** A summary with its per-event rows: top N events plus an `(other)` row. What the journal stores. */
export interface WindowRecord {
  summary: Summary;
  event_counts: EventRow[];
}

export const OTHER_EVENT = '(other)';

/** Which sockets a listener opens on its host and port (StatsD clients send UDP by default). */
export type Transport = 'tcp' | 'udp' | 'both';

export type ListenerState =
  | { state: 'stopped' }
  | { state: 'listening'; host: string; port: number; format: LineFormat; transport: Transport }
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
  /** UDP datagrams read (an empty one too), and their bytes (also in `bytes`). */
  udp_datagrams: number;
  udp_bytes: number;
  /**
   * UDP datagrams the kernel dropped because our receive buffer was full (the engine did not read
   * fast enough); they never reached Tallyline, so no other counter has them. null where the OS
   * does not tell (read from /proc/net/udp on Linux, about once a second).
   */
  udp_drops: number | null;
  /** Threads framing, parsing and counting lines now (ingest_workers; 1 is the engine's own). */
  ingest_threads: number;
  /** Ingest worker threads that died and were replaced since the engine started. */
  worker_restarts: number;
  /** Bytes those workers had read and not yet reported when they died: their lines and events are lost. */
  worker_lost_bytes: number;
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

/** Seconds of per-second rates a snapshot carries. */
export const RATE_HISTORY_SECONDS = 300;
/** Rejected lines a snapshot carries, newest first. */
export const REJECT_SAMPLES_KEPT = 20;

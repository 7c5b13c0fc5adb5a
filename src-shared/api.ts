// The Api every UI talks to, and what travels over it: commands by name with their argument and
// result, pushes, IPC channels and the WebSocket's frames. Implemented by the preload (Electron),
// the HTTP/WebSocket client (browser) and tests; carried out by the engine client in every host.
import type { ClusterStatus } from './cluster';
import type { Settings } from './settings';
import type { TimeZoneName } from './time-zones';
import type {
  ConnectionInfo,
  EventValues,
  HistoryState,
  LineFormat,
  ListenerState,
  Snapshot,
  Summary,
  TagBreakdown,
  Totals,
  Transport,
} from './types';
export interface StartListenerRequest {
  host: string;
  port: number;
  /** Default 'auto'. */
  format?: LineFormat;
  /** TCP, UDP or both on the same host and port. Default 'both'. */
  transport?: Transport;
}

export interface Status {
  listener: ListenerState;
  connections: ConnectionInfo[];
  totals: Totals;
  history: HistoryState;
  settings: Settings;
  /**
   * The receive buffer the OS granted the UDP socket, in bytes (8 MiB is asked; Linux grants twice
   * the request, capped by net.core.rmem_max); null while no UDP socket is open.
   */
  udp_receive_buffer_bytes: number | null;
}

export interface TimeRange {
  /** ISO 8601; windows starting at or after this. */
  from?: string;
  /** ISO 8601; windows starting before this. */
  to?: string;
}

export type ExportKind = 'summaries' | 'event_counts';
/** `utc`, `local` (the server's zone), or an IANA zone such as `Europe/Berlin` (see time-zones.ts). */
export type ExportTimeZone = TimeZoneName;

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

/** GET /api/events: event names seen in a range. */
export interface EventsQuery extends TimeRange {
  /** A case-insensitive substring of the name; default none (every name). */
  q?: string;
  /** Most names answered, 1 to 10,000. Default 100. */
  limit?: number;
}

/** An event name with its occurrences over a range. */
export interface EventTotal {
  event: string;
  count: number;
}

/** GET /api/events/{name}: one event over a range. */
export interface EventQuery extends TimeRange {
  name: string;
}

/** One window of one event (DESIGN §8). */
export interface EventWindow {
  window_start: string;
  window_end: string;
  count: number;
  distinct_users: number;
  distinct_users_exact: boolean;
  values: EventValues | null;
  gauge_last: number | null;
  /** The window was cut early (a stop, or a change of window size or mode). */
  partial?: boolean;
}

/** One event over a range: every window of the range (0 where it did not come), and its tags over them all. */
export interface EventHistory {
  event: string;
  windows: EventWindow[];
  tags: TagBreakdown[];
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
  events(query: EventsQuery): Promise<EventTotal[]>;
  event(query: EventQuery): Promise<EventHistory>;
  exportCsv(req: ExportRequest): Promise<ExportResult>;
  cluster(): Promise<ClusterStatus>;
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
  events: { arg: EventsQuery; result: EventTotal[] };
  event: { arg: EventQuery; result: EventHistory };
  exportCsv: { arg: ExportRequest; result: ExportResult };
  cluster: { arg: void; result: ClusterStatus };
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
  'events',
  'event',
  'exportCsv',
  'cluster',
];
export const PUSH_NAMES: readonly PushName[] = ['snapshot', 'exportProgress'];

/** WebSocket frames of /api/live: `{type, data}`. */
export type LiveMessage = { type: 'snapshot'; data: Snapshot } | { type: 'exportProgress'; data: ExportProgress };

/** Most pushes a UI receives per second, whatever the ingest rate. */
export const MAX_PUSHES_PER_SEC = 4;
export const SNAPSHOT_INTERVAL_MS = 250;

// Engine settings: what each one is, its default (pinned to DESIGN's values where DESIGN names
// them) and its range, which every host's validator and the UI's form check against.

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
  /**
   * Threads that frame, parse and count the lines (DESIGN §9), 1 to 16: the engine's own and N − 1
   * workers; 0 (the default) is one per core, at most 16. Applied without a restart.
   */
  ingest_workers: number;
  /**
   * Cluster role (DESIGN §10): 'off'; 'node' (ingest as usual and publish each closed window's
   * partial to NATS); 'view' (merge the nodes' partials into this engine's windows). Default 'off'.
   */
  cluster_mode: ClusterMode;
  /** NATS servers, comma-separated (`nats://host:4222,nats://other:4222`). Default ''. */
  cluster_urls: string;
  /** This node's name in the cluster: letters, digits, `-` and `_`, at most 64. Default '' (the host name). */
  cluster_node: string;
  /** Paths of a NATS credentials file (.creds) and of TLS files (CA, client certificate, its key); '' for none. Default ''. */
  cluster_creds_file: string;
  cluster_tls_ca: string;
  cluster_tls_cert: string;
  cluster_tls_key: string;
}

export type ClusterMode = 'off' | 'node' | 'view';
export const CLUSTER_MODES: readonly ClusterMode[] = ['off', 'node', 'view'];

/** The settings that are text (the cluster's), validated by validateSettingsPatch's own rules. */
export type TextSetting =
  'cluster_urls' | 'cluster_node' | 'cluster_creds_file' | 'cluster_tls_ca' | 'cluster_tls_cert' | 'cluster_tls_key';
export const TEXT_SETTINGS: readonly TextSetting[] = [
  'cluster_urls',
  'cluster_node',
  'cluster_creds_file',
  'cluster_tls_ca',
  'cluster_tls_cert',
  'cluster_tls_key',
];
/** The numeric settings (every one but event_time, cluster_mode and the text ones). */
export type NumericSetting = Exclude<keyof Settings, 'event_time' | 'cluster_mode' | TextSetting>;

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
  ingest_workers: 0,
  cluster_mode: 'off',
  cluster_urls: '',
  cluster_node: '',
  cluster_creds_file: '',
  cluster_tls_ca: '',
  cluster_tls_cert: '',
  cluster_tls_key: '',
});

/** Inclusive ranges of the numeric settings, for validation in every host and the UI form. */
export const SETTINGS_RANGES: Readonly<Record<NumericSetting, readonly [number, number]>> = Object.freeze({
  window_seconds: [1, 3600],
  lateness_ms: [0, 3_600_000],
  future_tolerance_ms: [0, 3_600_000],
  max_line_bytes: [16, 16 * 1024 * 1024],
  max_name_chars: [1, 65536],
  max_connections: [1, 100_000],
  top_n: [1, 100_000],
  retention_days: [1, 3650],
  stop_drain_ms: [0, 60_000],
  ingest_workers: [0, 16],
} as const);

/** Most ingest worker threads. */
export const MAX_INGEST_WORKERS = 16;

/** The ingest threads `ingest_workers` asks for on a machine with `cores` cores (0: one per core, at most 16). */
export function ingestThreads(setting: number, cores: number): number {
  return setting > 0 ? setting : Math.max(1, Math.min(MAX_INGEST_WORKERS, cores));
}

// What `GET /api/cluster` (and its IPC twin) answers (DESIGN §10).
import type { ClusterMode } from './settings';

export interface ClusterNodeInfo {
  name: string;
  /** A heartbeat came within the last 3 seconds. */
  alive: boolean;
  /** ISO 8601 time (the viewer's clock) of its last heartbeat; null when only its partials were seen. */
  last_heartbeat: string | null;
  /** Events in its last full second, as its heartbeat said. */
  events_per_sec: number;
  /** Closed windows it has not delivered yet: its own backlog, or how far its newest partial trails the newest of any node. */
  windows_behind: number;
}

export interface ClusterStatus {
  mode: ClusterMode;
  /** Connected to NATS now. */
  connected: boolean;
  /** The NATS servers, without credentials. */
  servers: string[];
  /** This engine's node name (mode 'node'), else null. */
  node: string | null;
  /** Mode 'node': closed windows waiting in the outbox for the stream. */
  backlog: number;
  /** Mode 'view': every node seen (by heartbeat or partial), by name. */
  nodes: ClusterNodeInfo[];
  /** Mode 'view': partials merged, dropped as duplicates, refused (with a logged reason), and windows amended. */
  partials: number;
  duplicates: number;
  refused: number;
  amended: number;
}

// The words and figures of the Nodes card and of a window a node is missing from (DESIGN §10).
import type { ClusterNodeInfo, ClusterStatus } from '../../../../src-shared/cluster';
import type { Summary } from '../../../../src-shared/types';
import { formatCount } from './numbers';
import { formatAge } from './time';

export interface NodeRow {
  name: string;
  alive: boolean;
  /** "3 s ago", or "never" when only its partials were seen. */
  heartbeat: string;
  /** The heartbeat's instant (ISO), for a title; '' when none. */
  heartbeatAt: string;
  /** Events in its last full second; '—' for a dead node (its last heartbeat's figure is stale). */
  eventsPerSec: string;
  windowsBehind: string;
}

/** The viewer's table of nodes, by name; ages against `now` (epoch ms of the engine's clock). */
export function nodeRows(nodes: readonly ClusterNodeInfo[], now: number): NodeRow[] {
  return [...nodes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((n) => ({
      name: n.name,
      alive: n.alive,
      heartbeat: n.last_heartbeat ? `${formatAge(n.last_heartbeat, now)} ago` : 'never',
      heartbeatAt: n.last_heartbeat ?? '',
      eventsPerSec: n.alive ? formatCount(n.events_per_sec) : '—',
      windowsBehind: formatCount(n.windows_behind),
    }));
}

/** "Connected to NATS at nats://a:4222, nats://b:4222", or "Not connected to …". */
export function linkLine(s: ClusterStatus): string {
  const where = s.servers.length > 0 ? ` at ${s.servers.join(', ')}` : '';
  return `${s.connected ? 'Connected to' : 'Not connected to'} NATS${where}`;
}

/** A viewer's merge counts, labelled. */
export function mergeCounts(s: ClusterStatus): { label: string; value: string; title: string }[] {
  return [
    { label: 'Partials', value: formatCount(s.partials), title: "Nodes' window partials merged" },
    { label: 'Duplicates', value: formatCount(s.duplicates), title: 'Partials seen before, dropped: nothing is counted twice' },
    { label: 'Refused', value: formatCount(s.refused), title: 'Partials refused (too old, unreadable); the engine logs why' },
    { label: 'Amended', value: formatCount(s.amended), title: "Windows changed after they closed, by a late node's partial" },
  ];
}

/** The mark of a merged window some node alive in it did not report, or null. */
export function missingMark(w: Summary): { text: string; title: string } | null {
  const missing = w.nodes_missing ?? [];
  if (missing.length === 0) return null;
  return {
    text: missing.length === 1 ? `${missing[0]} missing` : `${missing.length} nodes missing`,
    title: `Missing ${missing.length === 1 ? 'node' : 'nodes'}: ${missing.join(', ')}. Alive in this window but sent no partial: their events are not in it (a late partial amends it).`,
  };
}

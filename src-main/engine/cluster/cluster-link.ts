// The engine's side of cluster mode (DESIGN §10): which role the settings give it (none, node,
// viewer), started and stopped as the cluster settings change, with one surface for the engine:
// closed partials in, merged windows out, and the status `GET /api/cluster` answers.
import { hostname } from 'node:os';
import type { ClusterStatus } from '../../../src-shared/cluster';
import { TEXT_SETTINGS, type Settings } from '../../../src-shared/settings';
import type { LogFn, WindowRecord } from '../../../src-shared/types';
import type { CurrentWindow } from '../window/aggregator';
import type { WindowPartial } from '../window/partial';
import type { RateSeries } from '../window/rate-history';
import type { Heartbeat } from './cluster-names';
import { EngineError } from '../errors';
import { readSummaries } from '../journal/reader';
import { ClusterNode } from './cluster-node';
import { ClusterViewer } from './cluster-viewer';
import { natsOptions, redactUrl, serversOf, type ClusterSecrets } from './nats-options';

export interface LinkDeps {
  dataDir: string;
  secrets: ClusterSecrets;
  log: LogFn;
  clock: () => number;
  ingest: (data: Buffer, subject: string, at: number) => void;
  /** The engine's own per-second events and open window, for a node's heartbeat. */
  rates: (now: number, seconds: number) => RateSeries;
  current: (now: number) => CurrentWindow;
  amend: (record: WindowRecord) => Promise<void>;
}

const KEYS = ['cluster_mode', ...TEXT_SETTINGS] as const;
/** Settings whose change restarts the role: the cluster's own, and the window size a viewer merges by. */
function roleKey(s: Settings): string {
  return JSON.stringify([...KEYS.map((k) => s[k]), s.cluster_mode === 'view' ? s.window_seconds : 0]);
}

/** The node name: the setting, else this machine's host name made fit for a NATS subject. */
export function nodeName(s: Settings): string {
  return (
    s.cluster_node ||
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 64) ||
    'node'
  );
}

/** The journal's windows from `fromMs` on, with the nodes their records name (a viewer resumes from them). */
async function journaledSince(dataDir: string, fromMs: number): Promise<{ start: number; nodes: string[] }[]> {
  const out: { start: number; nodes: string[] }[] = [];
  for await (const s of readSummaries(dataDir, { from: new Date(Math.max(0, fromMs)).toISOString() })) {
    out.push({ start: Date.parse(s.window_start), nodes: s.nodes ?? [] });
  }
  return out;
}

export class ClusterLink {
  private settings: Settings | null = null;
  private key = '';
  node: ClusterNode | null = null;
  viewer: ClusterViewer | null = null;
  /** Serialises changes of role: one starts after the last one closed. */
  private change: Promise<void> = Promise.resolve();

  private amending: Promise<void> = Promise.resolve();

  private readonly deps: LinkDeps;

  constructor(deps: LinkDeps) {
    // One amendment at a time, in the order the viewer made them: the newest record of a window wins.
    const amend = deps.amend;
    this.deps = {
      ...deps,
      amend: (record) => {
        const done = this.amending.then(() => amend(record));
        this.amending = done.catch(() => {});
        return done;
      },
    };
  }

  get viewing(): boolean {
    return this.settings?.cluster_mode === 'view';
  }

  /** Takes new settings; throws (before changing anything) when the cluster's files cannot be read. */
  apply(settings: Settings): Promise<void> {
    const key = roleKey(settings);
    if (key === this.key) return this.change;
    if (settings.cluster_mode !== 'off') natsOptions(settings, this.deps.secrets, 'check');
    this.key = key;
    this.settings = settings;
    this.change = this.change.then(async () => {
      await this.stopRole();
      if (settings.cluster_mode === 'node') {
        this.node = new ClusterNode({ ...this.deps, settings, node: nodeName(settings), live: (now) => this.liveFigures(settings, now) });
        this.node.start();
        this.deps.log('info', `cluster: node ${nodeName(settings)} publishing to ${serversOf(settings).map(redactUrl).join(', ')}`);
      } else if (settings.cluster_mode === 'view') {
        const windowMs = settings.window_seconds * 1000;
        const journaled = await journaledSince(this.deps.dataDir, this.deps.clock() - 400 * windowMs - 86_400_000);
        this.viewer = new ClusterViewer({ ...this.deps, settings, journaled });
        this.viewer.start();
        this.deps.log('info', `cluster: viewing ${serversOf(settings).map(redactUrl).join(', ')}`);
      }
    });
    return this.change;
  }

  /** A viewer's windows are the nodes' merged: it does not listen itself. */
  refuseListening(): void {
    if (this.viewing) {
      throw new EngineError(
        'BAD_REQUEST',
        "this engine is a cluster viewer: its windows are the nodes' merged, so it does not listen (set cluster_mode to node or off to ingest here)",
      );
    }
  }

  refuseViewing(next: Settings, listening: boolean): void {
    if (next.cluster_mode === 'view' && !this.viewing && listening) {
      throw new EngineError('BAD_REQUEST', 'stop the listener before making this engine a cluster viewer');
    }
  }

  closed(partials: readonly WindowPartial[]): void {
    this.node?.closed(partials);
  }

  due(now: number): WindowRecord[] {
    return this.viewer?.due(now) ?? [];
  }

  /** The viewer's live view (the nodes' heartbeats summed), null unless viewing. */
  live(now: number, seconds: number): { current: CurrentWindow; rates: RateSeries } | null {
    const v = this.viewer;
    return v ? { current: v.live.current(now), rates: v.live.rates(now, seconds) } : null;
  }

  status(now: number): ClusterStatus {
    const s = this.settings;
    const v = this.viewer;
    return {
      mode: s?.cluster_mode ?? 'off',
      connected: (this.node ?? v)?.connected ?? false,
      servers: s ? serversOf(s).map(redactUrl) : [],
      node: this.node && s ? nodeName(s) : null,
      backlog: this.node?.backlog ?? 0,
      nodes: v?.nodes(now) ?? [],
      ...(v?.figures ?? { partials: 0, duplicates: 0, refused: 0, amended: 0 }),
    };
  }

  /** What a node's heartbeat tells of it: its last seconds and its open window so far. */
  private liveFigures(settings: Settings, now: number): Omit<Heartbeat, 'v' | 'node' | 'backlog'> {
    const r = this.deps.rates(now, 10);
    const c = this.deps.current(now).counters;
    return {
      at: now,
      window_ms: settings.window_seconds * 1000,
      // The last full second: the newest one is still filling.
      events_per_sec: r.counts[r.counts.length - 2] ?? 0,
      rates_start: r.start,
      rates: r.counts,
      current: { start_ms: Date.parse(c.window_start), events: c.events, bytes: c.bytes, rejected: c.rejected },
    };
  }

  private async stopRole(): Promise<void> {
    const { node, viewer } = this;
    this.node = null;
    this.viewer = null;
    await node?.close();
    await viewer?.close();
  }

  async close(): Promise<void> {
    this.key = 'closed';
    await this.change;
    await this.stopRole();
  }
}

// The engine facade: commands in, snapshots out. It owns the data folder (its lock), the listener
// (TCP and UDP), the aggregator and the journal; it knows nothing of workers, Electron or HTTP
// (hosts adapt it).
// Time comes in through tick(now) and the injected clock, so tests drive it without waiting.
import { type StartListenerRequest, type Status } from '../../src-shared/api';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import {
  type ListenerState,
  type LogFn,
  type Snapshot,
  type Summary,
  type Transport,
  type WindowRecord,
  RATE_HISTORY_SECONDS,
} from '../../src-shared/types';
import { EngineError } from './errors';
import { IngestPool } from './ingest/ingest-pool';
import { builtIngestWorker, type IngestWorkerSpec } from './ingest/worker-shard';
import type { RemoteInfo } from 'node:dgram';
import { mkdir } from 'node:fs/promises';
import { HistoryQueue } from './journal/history-queue';
import { lockDataDir, type DataDirLock } from './journal/lock';
import { Journal } from './journal/writer';
import { listenerErrorCode } from './ingest/listen-errors';
import { Listener } from './ingest/listener';
import { TcpListener } from './ingest/tcp-listener';
import { UdpListener } from './ingest/udp-listener';
import { SNAPSHOT_TOP_EVENTS, buildSnapshot } from './snapshot';
import type { ClusterStatus } from '../../src-shared/cluster';
import { ClusterLink } from './cluster/cluster-link';
import { engineTotals } from './ingest/ingest-figures';
import { secretsFromEnv, type ClusterSecrets } from './cluster/nats-options';

export interface EngineOptions {
  dataDir: string;
  /** Who owns the data folder, as its lock names the holder to a second process. Default "a Tallyline engine". */
  owner?: string;
  /** Missing fields take DEFAULT_SETTINGS. */
  settings?: Partial<Settings>;
  /** Epoch ms. Default Date.now. */
  clock?: () => number;
  log?: LogFn;
  /**
   * The ingest worker's entry (DESIGN §9). Default: the built one, `ingest-worker.js` beside the
   * engine's own chunk; where there is none (the engine run from source) and none is given, the
   * engine's own thread ingests whatever ingest_workers says.
   */
  ingestWorker?: IngestWorkerSpec;
  /** NATS token, user and password for cluster mode (not settings: settings are shown and answered). */
  clusterSecrets?: ClusterSecrets;
}

const TRANSPORT_WORDS: Record<Transport, string> = { tcp: 'TCP', udp: 'UDP', both: 'TCP and UDP' };

export class Engine {
  private settings: Settings;
  private readonly pool: IngestPool;
  private readonly tcp: TcpListener;
  private readonly udp: UdpListener;
  /** A cluster node's messages from `tallyline.events.>`: read as datagrams, without a socket (and not in the udp_* totals). */
  private readonly natsIn: UdpListener;
  private readonly listener: Listener;
  private listenerState: ListenerState = { state: 'stopped' };
  private closed: Summary[] = [];
  private openConnections = 0;
  private stopped = false;
  private readonly history: HistoryQueue;
  /** Events and late events of the windows closed so far (the open ones are the aggregator's). */
  private readonly closedTotals = { events: 0, late: 0 };
  /** Cluster mode (DESIGN §10): a node publishes its closed partials, a viewer's windows are the nodes' merged. */
  private readonly cluster: ClusterLink;

  private constructor(
    private readonly lock: DataDirLock,
    private readonly journal: Journal,
    settings: Settings,
    private readonly clock: () => number,
    private readonly log: LogFn,
    ingestWorker: IngestWorkerSpec | null,
    secrets: ClusterSecrets,
    dataDir: string,
  ) {
    this.settings = settings;
    const now = clock();
    this.history = new HistoryQueue(journal, log);
    this.cluster = new ClusterLink({
      dataDir,
      secrets,
      log,
      clock,
      // Read like a datagram: handed to a worker in its turn, else read here (pool.datagram alone drops those).
      ingest: (data, subject) => this.natsIn.read(data, { address: subject, family: 'IPv4', port: 0, size: data.length }),
      rates: (now, seconds) => this.pool.rates(now, seconds),
      current: (now) => this.pool.current(now, 0),
      amend: async (record) => {
        await this.journal.amend(record);
        this.closed.push(record.summary);
      },
    });
    // After a restart inside a window the journal already holds, the first window starts where that one ended.
    this.pool = new IngestPool({
      settings,
      now,
      notBefore: journal.lastWindowEnd,
      spec: ingestWorker,
      log,
      clock,
      // Asked first while the pool is being made, before the listener exists (and has no connections).
      connections: () => (this.tcp as TcpListener | undefined)?.connections() ?? [],
      closed: (partials) => this.cluster.closed(partials),
    });
    const ingest = this.pool.ingest;
    this.tcp = new TcpListener(ingest, {
      clock,
      accepted: (conn) => this.pool.accept(conn),
      connectionsChanged: (open, at) => {
        if (open > this.openConnections) ingest.counters.connections_total += open - this.openConnections;
        this.openConnections = open;
        this.pool.setConnections(open, at);
      },
      refused: (remote) => {
        if (ingest.counters.connections_refused++ === 0) {
          this.log(
            'warn',
            `connection from ${remote} refused: ${this.settings.max_connections} connections already open (later refusals are counted in the totals)`,
          );
        }
      },
      failed: (remote, err) =>
        this.log('error', `connection from ${remote} closed after an internal error: ${(err as Error)?.message ?? String(err)}`),
    });
    const datagrams = { clock, log, forward: (msg: Buffer, sender: RemoteInfo, at: number) => this.pool.datagram(msg, sender, at) };
    this.udp = new UdpListener(ingest, datagrams);
    this.natsIn = new UdpListener(ingest, datagrams);
    this.listener = new Listener(this.tcp, this.udp);
    this.applyLimits();
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const log = opts.log ?? ((level, message) => console.error(`[engine ${level}] ${message}`));
    const settings: Settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    const warn = (m: string) => log('warn', m);
    await mkdir(opts.dataDir, { recursive: true });
    const lock = lockDataDir(opts.dataDir, opts.owner ?? 'a Tallyline engine', warn);
    let journal: Journal;
    try {
      journal = await Journal.open(opts.dataDir, { retentionDays: settings.retention_days, warn });
    } catch (err) {
      lock.release();
      throw err;
    }
    const engine = new Engine(
      lock,
      journal,
      settings,
      opts.clock ?? Date.now,
      log,
      opts.ingestWorker ?? builtIngestWorker(),
      opts.clusterSecrets ?? secretsFromEnv(),
      opts.dataDir,
    );
    try {
      void engine.cluster.apply(settings).catch((err: unknown) => log('error', `cluster: ${(err as Error).message}`));
    } catch (err) {
      await engine.shutdown({ journal: false });
      throw err;
    }
    engine.history.compactWhenDue(engine.clock());
    return engine;
  }

  status(): Status {
    const now = this.clock();
    this.udp.pollDrops(now);
    this.pool.refresh(now);
    return {
      listener: this.listenerState,
      connections: [...this.tcp.connections()].map((c) => c.info(now)),
      totals: engineTotals(this.pool, this.udp, this.closedTotals),
      history: this.history.state(),
      settings: { ...this.settings },
      udp_receive_buffer_bytes: this.udp.receiveBufferBytes,
    };
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  async startListener(req: StartListenerRequest): Promise<ListenerState> {
    this.cluster.refuseListening();
    this.pool.format = req.format ?? 'auto';
    const transport = req.transport ?? 'both';
    try {
      const { host, port } = await this.listener.start(req.host, req.port, transport);
      this.listenerState = { state: 'listening', host, port, format: req.format ?? 'auto', transport };
      this.log('info', `listening on ${host}:${port} (${TRANSPORT_WORDS[transport]})`);
    } catch (err) {
      const e = err instanceof EngineError ? err : new EngineError('LISTEN_FAILED', String(err));
      this.listenerState = { state: 'error', code: listenerErrorCode(e.code), message: e.message };
      throw e;
    }
    return this.listenerState;
  }

  async stopListener(): Promise<ListenerState> {
    await this.listener.stop(this.settings.stop_drain_ms);
    this.listenerState = { state: 'stopped' };
    return this.listenerState;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const next = { ...this.settings, ...patch };
    this.cluster.refuseViewing(next, this.listenerState.state === 'listening');
    void this.cluster.apply(next).catch((err: unknown) => this.log('error', `cluster: ${(err as Error).message}`));
    this.settings = next;
    this.commit(this.pool.applySettings(this.settings, this.clock()));
    this.applyLimits();
    return this.getSettings();
  }

  dropConnection(id: string): void {
    if (!this.tcp.drop(id)) throw new EngineError('NOT_FOUND', `no connection with id ${id}`);
  }

  /** Closes due windows (journal first, then announce) and builds the snapshot; the driver calls it every 250 ms. */
  tick(now: number): Snapshot {
    this.history.retry(now);
    this.udp.pollDrops(now);
    this.commit(this.pool.flush(now), now);
    this.commit(this.cluster.due(now), now, true);
    this.history.compactWhenDue(now);
    const snapshot = buildSnapshot({
      now,
      closed: this.closed,
      ...(this.cluster.live(now, RATE_HISTORY_SECONDS) ?? {
        current: this.pool.current(now, SNAPSHOT_TOP_EVENTS),
        rates: this.pool.rates(now, RATE_HISTORY_SECONDS),
      }),
      connections: [...this.tcp.connections()].map((c) => c.info(now)),
      rejects: this.pool.samples(),
      listener: this.listenerState,
      totals: engineTotals(this.pool, this.udp, this.closedTotals),
      history: this.history.state(),
    });
    this.closed = [];
    return snapshot;
  }

  /**
   * Stops the listener (reading what clients already sent), writes every open window (partial) to
   * the journal, closes it and gives up the data folder. With `journal: false` (a host that failed
   * to start) nothing is written. Idempotent.
   */
  async shutdown(opts: { journal?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopListener();
    if (opts.journal !== false) {
      const now = this.clock();
      this.commit(this.pool.flushAll(now), now);
      this.history.retry(Infinity);
      const left = this.history.state().pending_windows;
      if (left > 0) this.log('error', `stopping with ${left} closed windows that could not be written to the journal`);
    }
    await this.cluster.close();
    await this.pool.close();
    this.journal.close();
    this.lock.release();
  }

  /** The cluster as `GET /api/cluster` answers it. */
  clusterStatus(): ClusterStatus {
    return this.cluster.status(this.clock());
  }

  /** Journals and announces closed windows: the engine's own, or (`merged`) a cluster viewer's; a viewer's own are dropped. */
  private commit(records: WindowRecord[], now = this.clock(), merged = false): void {
    if (this.cluster.viewing !== merged) return;
    for (const record of records) {
      this.history.write(record, now);
      this.closedTotals.events += record.summary.events;
      this.closedTotals.late += record.summary.late;
      this.closed.push(record.summary);
    }
  }

  private applyLimits(): void {
    this.tcp.maxConnections = this.settings.max_connections;
    this.tcp.maxLineBytes = this.settings.max_line_bytes;
    this.udp.maxLineBytes = this.natsIn.maxLineBytes = this.settings.max_line_bytes;
    this.journal.retentionDays = this.settings.retention_days;
  }
}

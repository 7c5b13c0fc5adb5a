// The engine facade: commands in, snapshots out. It owns the listener, the aggregator and the
// journal; it knows nothing of workers, Electron or HTTP (hosts adapt it). Time comes in through
// tick(now) and the injected clock, so tests drive it without waiting.
import {
  DEFAULT_SETTINGS,
  type ListenerState,
  type LogFn,
  type Settings,
  type Snapshot,
  type StartListenerRequest,
  type Status,
  type Summary,
  type Totals,
  type WindowRecord,
} from '../../src-shared/types';
import { Aggregator } from './window/aggregator';
import { EngineError } from './errors';
import { Ingest } from './ingest/line-ingest';
import { Journal } from './journal/writer';
import { listenerErrorCode } from './ingest/listen-errors';
import { TcpListener } from './ingest/tcp-listener';
import { SNAPSHOT_TOP_EVENTS, buildSnapshot } from './snapshot';

export interface EngineOptions {
  dataDir: string;
  /** Missing fields take DEFAULT_SETTINGS. */
  settings?: Partial<Settings>;
  /** Epoch ms. Default Date.now. */
  clock?: () => number;
  log?: LogFn;
}

/** How often old journal records are compacted away. */
const COMPACT_EVERY_MS = 60 * 60 * 1000;

export class Engine {
  private settings: Settings;
  private readonly aggregator: Aggregator;
  private readonly ingest: Ingest;
  private readonly listener: TcpListener;
  private listenerState: ListenerState = { state: 'stopped' };
  private closed: Summary[] = [];
  private openConnections = 0;
  private lastCompact: number;
  private stopped = false;

  private constructor(
    private readonly journal: Journal,
    settings: Settings,
    private readonly clock: () => number,
    private readonly log: LogFn,
  ) {
    this.settings = settings;
    const now = clock();
    this.lastCompact = now;
    this.aggregator = new Aggregator(settings, now);
    this.ingest = new Ingest(this.aggregator);
    this.listener = new TcpListener(this.ingest, {
      clock,
      connectionsChanged: (open, at) => {
        if (open > this.openConnections) this.ingest.totals.connections_total += open - this.openConnections;
        this.openConnections = open;
        this.aggregator.setConnections(open, at);
      },
      refused: (remote) => this.log('warn', `connection from ${remote} refused: ${this.settings.max_connections} connections already open`),
      failed: (remote, err) =>
        this.log('error', `connection from ${remote} closed after an internal error: ${(err as Error)?.message ?? String(err)}`),
    });
    this.applyLimits();
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const log = opts.log ?? ((level, message) => console.error(`[engine ${level}] ${message}`));
    const settings: Settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    const journal = await Journal.open(opts.dataDir, { retentionDays: settings.retention_days, warn: (m) => log('warn', m) });
    const engine = new Engine(journal, settings, opts.clock ?? Date.now, log);
    void engine.compact(engine.clock());
    return engine;
  }

  status(): Status {
    const now = this.clock();
    return {
      listener: this.listenerState,
      connections: [...this.listener.connections()].map((c) => c.info(now)),
      totals: this.totals(this.aggregator.current(now, 0).counters.late),
      settings: { ...this.settings },
    };
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  async startListener(req: StartListenerRequest): Promise<ListenerState> {
    this.ingest.parser.format = req.format ?? 'auto';
    try {
      const { host, port } = await this.listener.start(req.host, req.port);
      this.listenerState = { state: 'listening', host, port, format: req.format ?? 'auto' };
      this.log('info', `listening on ${host}:${port}`);
    } catch (err) {
      const e = err instanceof EngineError ? err : new EngineError('LISTEN_FAILED', String(err));
      this.listenerState = { state: 'error', code: listenerErrorCode(e.code), message: e.message };
      throw e;
    }
    return this.listenerState;
  }

  async stopListener(): Promise<ListenerState> {
    await this.listener.stop();
    this.listenerState = { state: 'stopped' };
    return this.listenerState;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    this.settings = { ...this.settings, ...patch };
    this.commit(this.aggregator.applySettings(this.settings, this.clock()));
    this.applyLimits();
    return this.getSettings();
  }

  dropConnection(id: string): void {
    if (!this.listener.drop(id)) throw new EngineError('NOT_FOUND', `no connection with id ${id}`);
  }

  /** Closes due windows (journal first, then announce) and builds the snapshot; the driver calls it every 250 ms. */
  tick(now: number): Snapshot {
    this.commit(this.aggregator.flush(now));
    if (now - this.lastCompact >= COMPACT_EVERY_MS) void this.compact(now);
    const current = this.aggregator.current(now, SNAPSHOT_TOP_EVENTS);
    const snapshot = buildSnapshot({
      now,
      closed: this.closed,
      current,
      aggregator: this.aggregator,
      connections: [...this.listener.connections()].map((c) => c.info(now)),
      rejects: this.ingest.samples.list(),
      listener: this.listenerState,
      totals: this.totals(current.counters.late),
    });
    this.closed = [];
    return snapshot;
  }

  /** Stops the listener and writes every open window (partial) to the journal. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopListener();
    this.commit(this.aggregator.flushAll(this.clock()));
    this.journal.close();
  }

  private commit(records: WindowRecord[]): void {
    for (const record of records) {
      this.journal.append(record);
      this.ingest.totals.late += record.summary.late;
      this.closed.push(record.summary);
    }
  }

  /** A copy of the running totals; `late` so far counts closed windows, so the open window's is added. */
  private totals(openWindowLate: number): Totals {
    const t = this.ingest.totals;
    return { ...t, late: t.late + openWindowLate, rejected_by_reason: { ...t.rejected_by_reason } };
  }

  private applyLimits(): void {
    this.listener.maxConnections = this.settings.max_connections;
    this.listener.maxLineBytes = this.settings.max_line_bytes;
    this.ingest.parser.limits = { maxNameChars: this.settings.max_name_chars };
    this.journal.retentionDays = this.settings.retention_days;
  }

  private async compact(now: number): Promise<void> {
    this.lastCompact = now;
    try {
      const { removed } = await this.journal.compact(now);
      if (removed > 0) this.log('info', `journal: ${removed} windows older than ${this.settings.retention_days} days removed`);
    } catch (err) {
      this.log('warn', `journal compaction failed: ${(err as Error).message}`);
    }
  }
}

// Ingest on every core (DESIGN §9). `ingest_workers` threads frame, parse and count lines: the
// engine's own and N − 1 worker threads (with 1, the engine's thread alone, as it always was). The
// engine thread owns the sockets: each new connection goes to the least loaded thread (by bytes
// per second), and a worker's connections have their chunks posted to it; UDP's datagrams go to
// each thread in turn, a batch at a time. Each thread counts its share in a shard of every window;
// when windows close (or a snapshot is due) the engine asks every worker at the same instant and
// merges the shards' partials with its own: the merge of a stream split over any number of shards
// is exactly what one aggregator gives on every exact field, so the records are the same whatever
// the count. The engine's thread takes a share rather than only dealing: on a machine of two
// cores, three busy threads (dealer and two workers) would crowd out each other and the senders.
//
// The count changes without a restart: new workers take new connections and the engine's own;
// a worker that goes hands back its open windows (kept until they close, then merged in) and the
// unfinished line of each connection, which another worker (or the engine) reads on from.
// A worker that dies is replaced; its connections are closed (their clients see it and may
// reconnect) and what it had not yet reported is lost: logged, and counted in the totals.
import type { RemoteInfo } from 'node:dgram';
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ingestThreads, type Settings } from '../../../src-shared/settings';
import { REJECT_SAMPLES_KEPT, type LineFormat, type LogFn, type RejectSample, type WindowRecord } from '../../../src-shared/types';
import { Aggregator, type CurrentWindow } from '../window/aggregator';
import { mergePartials, type WindowPartial } from '../window/partial';
import { currentOfPartial, recordOfPartial } from '../window/partial-record';
import type { RateSeries } from '../window/rate-history';
import type { Connection } from './connection';
import { Ingest, type IngestCounters } from './line-ingest';
import type { IngestReport, RetireReply, SyncReply } from '../worker/ingest-protocol';
import { LoadMeter } from './load-meter';
import { WorkerShard, WorkerSilentError, type IngestCallBody, type IngestWorkerSpec } from './worker-shard';

/** A batch of datagrams goes to a worker at this many datagrams or bytes, or at the end of the event-loop turn. */
const BATCH_DATAGRAMS = 512;
const BATCH_BYTES = 256 * 1024;

/** What workers lost by dying, since the engine started. */
export interface WorkerLosses {
  restarts: number;
  /** Bytes posted to a worker and never reported counted: their lines and events are lost. */
  bytes: number;
}

export interface IngestPoolOptions {
  settings: Settings;
  now: number;
  /** Where the first window may start (see Aggregator). */
  notBefore: number;
  /** The worker entry; null where workers cannot run (the engine then ingests on its own thread). */
  spec: IngestWorkerSpec | null;
  log: LogFn;
  /** Epoch ms; the engine's one clock. */
  clock: () => number;
  /** The TCP connections open now, to deal them over when the worker count changes. */
  connections: () => Iterable<Connection>;
}

export class IngestPool {
  /** The engine's own ingest: every line when there are no workers. */
  readonly ingest: Ingest;
  readonly losses: WorkerLosses = { restarts: 0, bytes: 0 };
  private readonly aggregator: Aggregator;
  private settings: Settings;
  private formatName: LineFormat = 'auto';
  private readonly shards: WorkerShard[] = [];
  /** Open windows handed back by workers that went, by start: merged into those windows when they close. */
  private readonly orphans = new Map<number, WindowPartial>();
  /** What workers that went had counted, and their last samples. */
  private readonly gone: { counters: IngestCounters; samples: RejectSample[] };
  /** The open window as each worker had it at the last call, for the snapshot. */
  private currents: WindowPartial[] = [];
  private unavailableSaid = false;
  /** Whose turn it is for datagrams (0: the engine's own thread, i: worker i − 1), and how many it read here this turn. */
  private udpTurn = 0;
  private localDatagrams = 0;
  private readonly localLoad: LoadMeter;
  private batch = new Uint8Array(BATCH_BYTES);
  private batchEnds = new Int32Array(BATCH_DATAGRAMS);
  private batchSenders: string[] = [];
  private batchCount = 0;
  private batchBytes = 0;
  private batchNow = NaN;
  private batchScheduled = false;

  constructor(private readonly opts: IngestPoolOptions) {
    this.settings = opts.settings;
    this.aggregator = new Aggregator(opts.settings, opts.now, opts.notBefore);
    this.ingest = new Ingest(this.aggregator);
    this.gone = { counters: emptyCounters(), samples: [] };
    this.localLoad = new LoadMeter(opts.now);
    this.resize(opts.now);
  }

  /** Threads ingesting: the engine's own and its workers. */
  get threads(): number {
    return this.shards.length + 1;
  }

  /** The worker threads, for diagnostics and for tests that kill one as a crash would. */
  workerThreads(): Worker[] {
    return this.shards.map((s) => s.worker);
  }

  set format(format: LineFormat) {
    this.formatName = format;
    this.ingest.parser.format = format;
    for (const s of this.shards) s.format(format);
  }

  /** A new TCP connection: dealt to the least loaded thread (read here when that is the engine's own). */
  accept(conn: Connection): void {
    this.leastLoaded(conn)?.adopt(conn);
  }

  /**
   * A datagram that arrived at `now`: batched for a worker (true), or left to the caller to read
   * here (false). The threads take turns a batch at a time, the engine's own among them.
   */
  datagram(msg: Buffer, sender: RemoteInfo, now: number): boolean {
    if (this.shards.length === 0) return false;
    if (this.udpTurn % (this.shards.length + 1) === 0) {
      if (++this.localDatagrams >= BATCH_DATAGRAMS) this.nextTurn();
      else this.turnEndsWithThisTask();
      return false;
    }
    // A batch holds one arrival time, so each datagram lands in the window it arrived in.
    if (this.batchCount > 0 && now !== this.batchNow) this.sendBatch();
    if (this.batchBytes + msg.length > this.batch.length) {
      if (this.batchCount > 0) this.sendBatch();
      if (msg.length > this.batch.length) this.batch = new Uint8Array(msg.length);
    }
    this.batch.set(msg, this.batchBytes);
    this.batchBytes += msg.length;
    this.batchEnds[this.batchCount] = this.batchBytes;
    this.batchSenders.push(`${sender.address}:${sender.port}`);
    this.batchNow = now;
    if (++this.batchCount >= BATCH_DATAGRAMS) this.sendBatch();
    else this.turnEndsWithThisTask();
    return true;
  }

  /** A turn (a batch) ends at the end of the event-loop task that began it, if not before. */
  private turnEndsWithThisTask(): void {
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      if (this.batchCount > 0) this.sendBatch();
      else if (this.localDatagrams > 0) this.nextTurn();
    });
  }

  private nextTurn(): void {
    this.localDatagrams = 0;
    this.udpTurn++;
  }

  setConnections(n: number, now: number): void {
    this.aggregator.setConnections(n, now);
  }

  /** Closes the windows due at `now` in every shard, merged, oldest first; the workers' open windows are kept for current(). */
  flush(now: number): WindowRecord[] {
    const replies = this.callAll<SyncReply>({ t: 'sync', now, flush: true });
    this.currents = replies.flatMap((r) => (r.current ? [r.current] : []));
    return this.records(this.aggregator.flushPartials(now), replies);
  }

  /** Every open window closes at `now` (a stop): flushAll of every shard, merged. */
  flushAll(now: number): WindowRecord[] {
    const replies = this.callAll<SyncReply>({ t: 'flushAll', now });
    this.currents = [];
    return this.records(this.aggregator.flushAllPartials(now), replies);
  }

  /** Fresh figures (totals, connections) from the workers, without closing windows. */
  refresh(now: number): void {
    const replies = this.callAll<SyncReply>({ t: 'sync', now, flush: false });
    this.currents = replies.flatMap((r) => (r.current ? [r.current] : []));
  }

  /**
   * New settings: windows cut by a change of size or mode come back closed (merged); then the
   * worker count follows ingest_workers.
   */
  applySettings(settings: Settings, now: number): WindowRecord[] {
    this.settings = settings;
    const replies = this.callAll<SyncReply>({ t: 'settings', now, settings });
    const records = this.records(this.aggregator.applySettingsPartials(settings, now), replies);
    this.ingest.applySettings(settings);
    this.resize(now);
    return records;
  }

  /** The open window at `now` so far, merged over the shards as of the last flush or refresh. */
  current(now: number, topN: number): CurrentWindow {
    let p = this.aggregator.currentPartial(now, { details: false });
    for (const c of this.currents) if (c.start_ms === p.start_ms) p = mergePartials(p, c);
    const orphan = this.orphans.get(p.start_ms);
    if (orphan) p = mergePartials(p, { ...orphan, end_ms: p.end_ms, details: null, other: null });
    return currentOfPartial(p, topN);
  }

  /** Per-second events of the last `seconds` up to `now`, summed over the shards (workers as of their last report). */
  rates(now: number, seconds: number): RateSeries {
    const series = this.aggregator.rates(now, seconds);
    for (const s of this.shards) {
      const r = s.last?.rates;
      if (!r) continue;
      const offset = (r.start - series.start) / 1000;
      for (let i = 0; i < r.counts.length; i++) {
        const at = i + offset;
        if (at >= 0 && at < series.counts.length) series.counts[at]! += r.counts[i]!;
      }
    }
    return series;
  }

  /** Events and late events of the open windows, over every shard. */
  openTotals(): { events: number; late: number } {
    const t = this.aggregator.openTotals();
    for (const s of this.shards) {
      t.events += s.last?.open.events ?? 0;
      t.late += s.last?.open.late ?? 0;
    }
    for (const o of this.orphans.values()) {
      t.events += o.events;
      t.late += o.late;
    }
    return t;
  }

  /** The ingest's running totals over every shard, workers as of their last report. */
  counters(): IngestCounters {
    const sum = emptyCounters();
    addCounters(sum, this.ingest.counters);
    addCounters(sum, this.gone.counters);
    for (const s of this.shards) if (s.last) addCounters(sum, s.last.counters);
    return sum;
  }

  /** The newest rejected lines over every shard. */
  samples(): RejectSample[] {
    const all = [...this.ingest.samples.list(), ...this.gone.samples];
    for (const s of this.shards) if (s.last) all.push(...s.last.samples);
    return newest(all);
  }

  /** Stops the workers (after flushAll: they hold nothing then). */
  async close(): Promise<void> {
    const shards = this.shards.splice(0);
    await Promise.all(shards.map((s) => s.stop()));
  }

  /** Makes as many workers as ingest_workers asks (one fewer: the engine's thread is one), dealing connections over them. */
  private resize(now: number): void {
    const asked = this.settings.ingest_workers;
    let want = ingestThreads(asked, availableParallelism()) - 1;
    if (want > 0 && this.opts.spec === null) {
      // Said only of a count asked for, not of the default (a host that runs no workers, such as tests in one thread).
      if (asked >= 2 && !this.unavailableSaid)
        this.opts.log('info', `ingest_workers ${asked}: this host runs no worker threads, so one thread ingests`);
      this.unavailableSaid = true;
      want = 0;
    }
    if (want === this.shards.length) return;
    // Datagrams waiting for a worker go before any worker does.
    this.sendBatch();
    const before = this.shards.length;
    while (this.shards.length < want) this.shards.push(this.spawn(now));
    const leaving = this.shards.splice(want);
    for (const shard of leaving) this.retire(shard);
    // New workers take their share of the connections read here, by count (they have no load yet).
    if (want > before) {
      const local = [...this.opts.connections()].filter((c) => c.worker === null);
      const share = Math.floor(local.length / (want + 1));
      let next = before;
      for (let i = 0; i < local.length - share && next < want; i++) {
        const conn = local[i]!;
        this.shards[next]!.adopt(conn, conn.saveFraming());
        if (this.shards[next]!.connections.size >= share) next++;
      }
    }
    this.opts.log('info', `ingesting on ${want + 1} threads (was ${before + 1})`);
  }

  private spawn(now: number): WorkerShard {
    const shard = new WorkerShard(this.opts.spec!, {
      settings: this.settings,
      format: this.formatName,
      now,
      notBefore: this.aggregator.nextWindowStart,
    });
    shard.worker.on('error', (err) => this.opts.log('error', `ingest worker error: ${err.message}`));
    shard.worker.on('exit', (code) => {
      if (!shard.dead) this.lost(shard, `it exited with code ${code}`);
    });
    return shard;
  }

  /** A worker leaves in good order: its open windows and unfinished lines go on elsewhere. */
  private retire(shard: WorkerShard): void {
    this.sendBatch();
    let reply: RetireReply;
    try {
      reply = shard.receive<RetireReply>(shard.send({ t: 'retire' }));
    } catch (err) {
      this.lost(shard, (err as Error).message);
      return;
    }
    for (const p of reply.openWindows) {
      const held = this.orphans.get(p.start_ms);
      this.orphans.set(p.start_ms, held ? mergePartials(held, p) : p);
    }
    this.keepFiguresOf(reply);
    for (const { id, state } of reply.framing) {
      const conn = shard.connections.get(id);
      if (!conn) continue;
      const next = this.leastLoaded('workers only');
      if (next) next.adopt(conn, state);
      else {
        conn.worker = null;
        conn.restoreFraming(state);
      }
    }
    shard.connections.clear();
    void shard.stop();
  }

  /** A worker died or fell silent: its connections close, what it had not reported is lost, and another takes its place. */
  private lost(shard: WorkerShard, why: string): void {
    const at = this.shards.indexOf(shard);
    if (at < 0) return;
    const conns = [...shard.connections.values()];
    const bytes = shard.unreported;
    this.losses.restarts++;
    this.losses.bytes += bytes;
    if (shard.last) this.keepFiguresOf(shard.last);
    void shard.stop();
    for (const conn of conns) {
      conn.worker = null;
      conn.destroy();
    }
    this.opts.log(
      'error',
      `ingest worker ${at + 1} stopped (${why}): its ${conns.length} connections were closed, and ${bytes} bytes it had read ` +
        'since its last report are lost, with the events of its open windows; a new worker takes its place',
    );
    this.shards[at] = this.spawn(this.opts.clock());
  }

  /** Asks every worker at once, then takes the answers; a worker that does not answer is lost and left out. */
  private callAll<R extends SyncReply>(body: IngestCallBody): R[] {
    this.sendBatch();
    const asked = this.shards.map((s) => ({ s, seq: s.send(body) }));
    const replies: R[] = [];
    for (const { s, seq } of asked) {
      try {
        replies.push(s.receive<R>(seq));
      } catch (err) {
        if (!(err instanceof WorkerSilentError)) throw err;
        this.lost(s, err.message);
      }
    }
    return replies;
  }

  /** The records of the windows closed here and in the workers' replies, merged by window, with the orphans of their windows. */
  private records(own: WindowPartial[], replies: SyncReply[]): WindowRecord[] {
    const byStart = new Map<number, WindowPartial>();
    for (const p of own) byStart.set(p.start_ms, p);
    for (const r of replies) {
      for (const p of r.closed) {
        const held = byStart.get(p.start_ms);
        byStart.set(p.start_ms, held ? mergePartials(held, p) : p);
      }
    }
    const topN = this.settings.top_n;
    return [...byStart.values()]
      .sort((a, b) => a.start_ms - b.start_ms)
      .map((p) => {
        const orphan = this.orphans.get(p.start_ms);
        if (orphan) {
          this.orphans.delete(p.start_ms);
          // Handed back before the window was cut (if it was): it ends where the window ended.
          p = mergePartials(p, { ...orphan, end_ms: p.end_ms, partial: p.partial });
        }
        return recordOfPartial(p, { topN });
      });
  }

  private keepFiguresOf(report: IngestReport): void {
    addCounters(this.gone.counters, report.counters);
    this.gone.samples = newest([...this.gone.samples, ...report.samples]);
  }

  /**
   * The least loaded thread by bytes per second, then by connections (`dealing` not counted): a
   * worker, or null for the engine's own (which also reads every socket, so a worker wins a tie).
   */
  private leastLoaded(dealing: Connection | 'workers only'): WorkerShard | null {
    const now = this.opts.clock();
    let best: WorkerShard | null = null;
    let bestRate = Infinity;
    let bestCount = Infinity;
    for (const s of this.shards) {
      const rate = s.load.measure(s.posted, now);
      if (rate < bestRate || (rate === bestRate && s.connections.size < bestCount)) {
        best = s;
        bestRate = rate;
        bestCount = s.connections.size;
      }
    }
    if (dealing === 'workers only') return best;
    const localRate = this.localLoad.measure(this.ingest.counters.bytes, now);
    let localCount = 0;
    for (const c of this.opts.connections()) if (c.worker === null && c !== dealing) localCount++;
    return localRate < bestRate || (localRate === bestRate && localCount < bestCount) ? null : best;
  }

  private sendBatch(): void {
    if (this.batchCount === 0 || this.shards.length === 0) return;
    const shard = this.shards[(this.udpTurn % (this.shards.length + 1)) - 1] ?? this.shards[0]!;
    this.nextTurn();
    shard.datagrams(
      this.batchNow,
      this.batch.subarray(0, this.batchBytes).slice(),
      this.batchEnds.slice(0, this.batchCount),
      this.batchSenders,
    );
    this.batchSenders = [];
    this.batchCount = 0;
    this.batchBytes = 0;
  }
}

function emptyCounters(): IngestCounters {
  return { lines: 0, bytes: 0, rejected: 0, connections_total: 0, connections_refused: 0, rejected_by_reason: {} };
}

function addCounters(into: IngestCounters, c: IngestCounters): void {
  into.lines += c.lines;
  into.bytes += c.bytes;
  into.rejected += c.rejected;
  into.connections_total += c.connections_total;
  into.connections_refused += c.connections_refused;
  for (const [reason, n] of Object.entries(c.rejected_by_reason) as [keyof IngestCounters['rejected_by_reason'], number][]) {
    into.rejected_by_reason[reason] = (into.rejected_by_reason[reason] ?? 0) + n;
  }
}

function newest(samples: RejectSample[]): RejectSample[] {
  return samples.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, REJECT_SAMPLES_KEPT);
}

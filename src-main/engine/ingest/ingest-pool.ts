// Ingest on every core (DESIGN §9): `ingest_workers` threads, the engine's own and N − 1 workers.
// The engine thread owns the sockets and deals each new connection to the least loaded thread
// (posting a worker's chunks to it) and datagram batches in turn. Each thread counts its share in a
// shard of every window; when windows close (and at settings, stop) the engine asks all workers at
// one instant and merges their partials with its own, exact on every exact field whatever the count;
// the live view takes their latest answers. The engine's thread takes a share: on two cores a dealer
// and two workers would crowd out each other and the senders. A busy connection's chunks are shared
// with the other threads (Connection.spread). A worker that goes hands back its open windows and
// unfinished lines; one that dies is replaced, its connections closed, its loss logged and counted.
import type { RemoteInfo } from 'node:dgram';
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ingestThreads, type Settings } from '../../../src-shared/settings';
import type { LineFormat, LogFn, RejectSample, WindowRecord } from '../../../src-shared/types';
import { Aggregator, type CurrentWindow } from '../window/aggregator';
import { mergePartials, type WindowPartial } from '../window/partial';
import { currentOfPartial, recordOfPartial } from '../window/partial-record';
import type { RateSeries } from '../window/rate-history';
import type { ChunkSpreader, Connection } from './connection';
import { Ingest, type IngestCounters } from './line-ingest';
import type { IngestReport, RetireReply, SyncReply } from '../worker/ingest-protocol';
import { DatagramTurns } from './datagram-turns';
import { addOpenTotals, addRates, mergeByWindow, Orphans } from './shard-merge';
import { IngestFigures } from './ingest-figures';
import { leastLoaded, LoadMeter, shareOut, spreaderOver } from './dealing';
import { WorkerShard, WorkerSilentError, type IngestCallBody, type IngestWorkerSpec } from './worker-shard';

/** What workers lost by dying, since the engine started: how many, and the bytes posted to them never reported counted. */
export type WorkerLosses = { restarts: number; bytes: number };

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
  /** Every closed window's merged partial, before its record is made (a cluster node publishes them). */
  closed?: (partials: readonly WindowPartial[]) => void;
}

export class IngestPool {
  /** The engine's own ingest: every line when there are no workers. */
  readonly ingest: Ingest;
  readonly losses: WorkerLosses = { restarts: 0, bytes: 0 };
  private readonly aggregator: Aggregator;
  private settings: Settings;
  private formatName: LineFormat = 'auto';
  private readonly shards: WorkerShard[] = [];
  /** Open windows handed back by workers that went: merged into those windows when they close. */
  private readonly orphans = new Orphans();
  /** What workers that went had counted, and their last samples. */
  private readonly figures = new IngestFigures();
  private unavailableSaid = false;
  private readonly datagrams: DatagramTurns;
  private readonly localLoad: LoadMeter;
  private readonly spreader: ChunkSpreader;

  constructor(private readonly opts: IngestPoolOptions) {
    this.settings = opts.settings;
    this.aggregator = new Aggregator(opts.settings, opts.now, opts.notBefore);
    this.ingest = new Ingest(this.aggregator);
    this.localLoad = new LoadMeter(opts.now);
    this.datagrams = new DatagramTurns(() => this.shards);
    this.spreader = spreaderOver(this.shards, opts.spec ?? {});
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
    conn.spreader = this.spreader;
    this.leastLoaded(conn)?.adopt(conn);
  }

  /** A datagram that arrived at `now`: batched for a worker (true), or the caller's to read here (false); see DatagramTurns. */
  datagram(msg: Buffer, sender: RemoteInfo, now: number): boolean {
    return this.datagrams.take(msg, sender, now);
  }

  setConnections(n: number, now: number): void {
    this.aggregator.setConnections(n, now);
  }

  /** Closes the windows due at `now` in every shard, merged, oldest first; when none is due (in any shard, as they share grid and clock), only refreshes. */
  flush(now: number): WindowRecord[] {
    if (!this.aggregator.due(now)) {
      this.refresh(now);
      return [];
    }
    const replies = this.callAll<SyncReply>({ t: 'sync', now, flush: true });
    return this.records(this.aggregator.flushPartials(now), replies);
  }

  /** Every open window closes at `now` (a stop): flushAll of every shard, merged. */
  flushAll(now: number): WindowRecord[] {
    const replies = this.callAll<SyncReply>({ t: 'flushAll', now });
    for (const s of this.shards) s.current = null;
    return this.records(this.aggregator.flushAllPartials(now), replies);
  }

  /** Takes the workers' figures and open windows that came in, and asks for fresh ones without waiting (WorkerShard.ask). */
  refresh(now: number): void {
    this.datagrams.flush();
    for (const s of this.shards) {
      s.takeAnswers();
      s.ask({ t: 'sync', now, flush: false });
    }
  }

  /** New settings: windows cut by a change of size or mode come back closed (merged); then the worker count follows ingest_workers. */
  applySettings(settings: Settings, now: number): WindowRecord[] {
    this.settings = settings;
    const replies = this.callAll<SyncReply>({ t: 'settings', now, settings });
    const records = this.records(this.aggregator.applySettingsPartials(settings, now), replies);
    this.ingest.applySettings(settings);
    this.resize(now);
    return records;
  }

  /** The open window at `now` so far, merged over the shards, workers as of their last answer. */
  current(now: number, topN: number): CurrentWindow {
    let p = this.aggregator.currentPartial(now, { details: false });
    for (const { current: c } of this.shards) if (c !== null && c.start_ms === p.start_ms) p = mergePartials(p, c);
    return currentOfPartial(this.orphans.addTo(p), topN);
  }

  /** Per-second events of the last `seconds` up to `now`, summed over the shards (workers as of their last report). */
  rates(now: number, seconds: number): RateSeries {
    const series = this.aggregator.rates(now, seconds);
    for (const s of this.shards) if (s.last) addRates(series, s.last.rates);
    return series;
  }

  /** Events and late events of the open windows, over every shard. */
  openTotals(): { events: number; late: number } {
    return this.orphans.addTotals(addOpenTotals(this.aggregator.openTotals(), this.reports()));
  }

  /** The ingest's running totals over every shard, workers as of their last report. */
  counters(): IngestCounters {
    return this.figures.counters(this.ingest.counters, this.reports());
  }

  /** The newest rejected lines over every shard. */
  samples(): RejectSample[] {
    return this.figures.samples(this.ingest.samples.list(), this.reports());
  }

  private reports(): IngestReport[] {
    return this.shards.flatMap((s) => (s.last ? [s.last] : []));
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
    this.datagrams.flush();
    const before = this.shards.length;
    while (this.shards.length < want) this.shards.push(this.spawn(now));
    const leaving = this.shards.splice(want);
    for (const shard of leaving) this.retire(shard);
    if (want > before)
      shareOut(
        [...this.opts.connections()].filter((c) => c.worker === null),
        this.shards.slice(before),
      );
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
    this.datagrams.flush();
    let reply: RetireReply;
    try {
      reply = shard.receive<RetireReply>(shard.send({ t: 'retire' }));
    } catch (err) {
      this.drop(shard, (err as Error).message, 'it is not replaced');
      return;
    }
    this.orphans.keep(reply.openWindows);
    this.figures.keep(reply);
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
    shard.leave();
    void shard.stop();
  }

  /** A worker died or fell silent: its loss is counted, and another takes its place. */
  private lost(shard: WorkerShard, why: string): void {
    const at = this.shards.indexOf(shard);
    if (at < 0) return;
    this.drop(shard, why, 'a new worker takes its place');
    this.shards[at] = this.spawn(this.opts.clock());
  }

  /** Stops a worker that failed: its connections close (their clients see it), what it had not reported is lost, logged and counted. */
  private drop(shard: WorkerShard, why: string, next: string): void {
    if (shard.last) this.figures.keep(shard.last);
    const { connections, bytes } = shard.fail();
    this.losses.restarts++;
    this.losses.bytes += bytes;
    this.opts.log(
      'error',
      `an ingest worker stopped (${why}): its ${connections} connections were closed, and ${bytes} bytes it had read ` +
        `since its last report are lost, with the events of its open windows; ${next}`,
    );
  }

  /** Asks every worker at once, then takes the answers; a worker that does not answer is lost and left out. */
  private callAll<R extends SyncReply>(body: IngestCallBody): R[] {
    this.datagrams.flush();
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
    const merged = this.orphans.takeInto(mergeByWindow([own, ...replies.map((r) => r.closed)]));
    if (merged.length > 0) this.opts.closed?.(merged);
    return merged.map((p) => recordOfPartial(p, { topN: this.settings.top_n }));
  }

  /** The least loaded thread (see leastLoaded), `dealing` not counted: a worker, or null for the engine's own. */
  private leastLoaded(dealing: Connection | 'workers only'): WorkerShard | null {
    const now = this.opts.clock();
    if (dealing === 'workers only') return leastLoaded(this.shards, null, now);
    let count = 0;
    for (const c of this.opts.connections()) if (c.worker === null && c !== dealing) count++;
    return leastLoaded(this.shards, { rate: this.localLoad.measure(this.ingest.counters.bytes, now), count }, now);
  }
}

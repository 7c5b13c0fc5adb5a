// A cluster viewer (DESIGN §10): reads the stream's partials from where its journal ends (less
// the windows kept for amendments, which it rebuilds), merges them per window (merge-board.ts),
// and hands final windows and amendments to the engine, which journals and announces them as its
// own. Heartbeats feed the live view (live-sum.ts) and the table of nodes.
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterNodeInfo } from '../../../src-shared/cluster';
import type { LogFn, WindowRecord } from '../../../src-shared/types';
import type { Settings } from '../../../src-shared/settings';
import { windowSizeMs } from '../window/alignment';
import { decodePartial } from '../window/partial-codec';
import { LIVE_SUBJECTS, PARTIALS_SUBJECTS, STREAM, nodeOfSubject, parseHeartbeat } from './cluster-names';
import { LiveSum } from './live-sum';
import { DEFAULT_BOARD, MergeBoard } from './merge-board';
import { NatsLink } from './nats-link';
import type { ClusterSecrets } from './nats-options';

export interface ViewerDeps {
  settings: Settings;
  secrets: ClusterSecrets;
  log: LogFn;
  clock: () => number;
  /** The windows the journal holds, oldest first (the newest few hundred will do). */
  journaled: readonly { start: number; nodes: readonly string[] }[];
  /** Journal a window that amends one already journaled, and announce it. */
  amend: (record: WindowRecord) => Promise<void>;
}

/** How far before the journal's end the replay starts, beyond the windows kept: clocks of nodes and server differ. */
const REPLAY_SLACK_MS = 60_000;

export class ClusterViewer {
  readonly board: MergeBoard;
  readonly live: LiveSum;
  private readonly link: NatsLink;
  private readonly newest = new Map<string, number>();
  private readonly complaints = new Set<string>();
  /** Nodes heard with another window size, and when: listed, never merged nor waited for. */
  private readonly otherSize = new Map<string, number>();
  private subscribed = false;
  /** The stream's messages being read now; stopped to make the consumer again (see readStream). */
  private messages: { stop(): void } | null = null;
  /** When the last partial came, and when the consumer was last made again for want of one. */
  private lastTakeAt = -Infinity;
  /** The stream sequence of the last partial taken: a consumer made again starts after it. */
  private lastSeq = 0;
  /** Until the replay from the journal's end reached the stream's end (see MergeBoard.resume). */
  private replaying = true;
  readonly figures = { partials: 0, duplicates: 0, refused: 0, amended: 0 };

  constructor(private readonly deps: ViewerDeps) {
    const windowMs = windowSizeMs(deps.settings.window_seconds);
    this.board = new MergeBoard({ ...DEFAULT_BOARD, windowMs, topN: deps.settings.top_n });
    this.board.resume(deps.journaled);
    this.live = new LiveSum(windowMs, DEFAULT_BOARD.aliveMs);
    this.link = new NatsLink(deps.settings, deps.secrets, 'tallyline viewer', deps.log, (nc) => this.onConnected(nc));
  }

  start(): void {
    this.link.start();
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** The merged windows final at `now`, for the engine to journal and announce. */
  due(now: number): WindowRecord[] {
    this.checkProgress(now);
    return this.board.due(now);
  }

  nodes(now: number): ClusterNodeInfo[] {
    const names = new Set([...this.newest.keys(), ...this.live.names(), ...this.otherSize.keys()]);
    let newestAll = -Infinity;
    for (const s of this.newest.values()) if (s > newestAll) newestAll = s;
    const windowMs = this.board.windowMs;
    return [...names].sort().map((name) => {
      const hb = this.live.node(name);
      const trailing = this.newest.has(name) ? Math.round((newestAll - this.newest.get(name)!) / windowMs) : 0;
      return {
        name,
        alive: this.live.alive(name, now) || now - (this.otherSize.get(name) ?? -Infinity) <= DEFAULT_BOARD.aliveMs,
        last_heartbeat: hb
          ? new Date(hb.at).toISOString()
          : this.otherSize.has(name)
            ? new Date(this.otherSize.get(name)!).toISOString()
            : null,
        events_per_sec: hb?.last.events_per_sec ?? 0,
        windows_behind: Math.max(trailing, hb?.last.backlog ?? 0),
      };
    });
  }

  private async onConnected(nc: NatsConnection): Promise<void> {
    // Back on NATS (perhaps another server, the stream perhaps with a new leader): a consumer made
    // again from the last sequence taken, rather than trust the old one to find its way.
    this.messages?.stop();
    if (this.subscribed) return;
    this.subscribed = true;
    nc.subscribe(LIVE_SUBJECTS, {
      callback: (err, msg) => {
        if (err) return;
        const hb = parseHeartbeat(msg.data);
        if (hb === null || hb.node !== nodeOfSubject(msg.subject))
          return this.complain(`live:${msg.subject}`, `cluster: a heartbeat on ${msg.subject} was not one; ignored`);
        const now = this.deps.clock();
        if (hb.window_ms !== this.board.windowMs) {
          // Its partials are refused: a merged window neither waits for it nor names it missing.
          this.otherSize.set(hb.node, now);
          return this.complain(
            `size:${hb.node}`,
            `cluster: node ${hb.node} counts ${hb.window_ms / 1000} s windows, this viewer ${this.board.windowMs / 1000} s: its partials are refused`,
          );
        }
        this.otherSize.delete(hb.node);
        this.live.add(hb, now);
        this.board.heartbeat(hb.node, now);
      },
    });
    void this.readStream(nc);
  }

  /**
   * Reads the stream for as long as the viewer runs. The ordered consumer rides out reconnections
   * itself, but a stream whose leader moved (a server of three lost) can end or fail it: it is then
   * made again from the sequence after the last partial taken, so nothing is skipped or read twice.
   */
  private async readStream(nc: NatsConnection): Promise<void> {
    let failures = 0;
    while (!this.link.isClosed && !nc.isClosed()) {
      try {
        await this.consume(nc);
        failures = 0;
      } catch (err) {
        if (failures++ === 0) this.deps.log('warn', `cluster: reading stream ${STREAM} failed (${(err as Error).message}); reading on`);
      }
      await this.link.sleep(Math.min(5000, 250 * 2 ** Math.min(failures, 5)));
    }
  }

  private async consume(nc: NatsConnection): Promise<void> {
    const last = this.deps.journaled.at(-1);
    const from = last === undefined ? null : last.start - DEFAULT_BOARD.keepFinal * this.board.windowMs - REPLAY_SLACK_MS;
    const consumer = await jetstream(nc).consumers.get(STREAM, {
      filter_subjects: PARTIALS_SUBJECTS,
      ...(this.lastSeq > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSeq + 1 }
        : from === null
          ? { deliver_policy: DeliverPolicy.All }
          : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(from).toISOString() }),
    });
    if (this.replaying && (await consumer.info()).num_pending === 0) this.caughtUp();
    // Short pulls (5 s, heartbeats every 2.5 s): a consumer lost with a server is noticed, and made
    // again, within seconds rather than the default's minute.
    const messages = await consumer.consume({ expires: 5000 });
    this.messages = messages;
    this.lastTakeAt = Math.max(this.lastTakeAt, this.deps.clock());
    // The library's own recovery can stall when the server holding the consumer is gone and the
    // stream is electing a leader: two missed heartbeats end this consumer, and readStream makes
    // another from the last sequence taken.
    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === 'heartbeats_missed' && s.count >= 2) {
          messages.stop();
          return;
        }
      }
    })().catch(() => {});
    for await (const m of messages) {
      this.lastSeq = m.seq;
      this.lastTakeAt = this.deps.clock();
      this.take(nodeOfSubject(m.subject), m.data);
      if (this.replaying && m.info.pending === 0) this.caughtUp();
      if (this.link.isClosed) break;
    }
  }

  /**
   * Nodes are alive and have closed windows since the last partial came, yet none came: the
   * consumer is stuck (the library's recovery can stall when a server and the stream's leader go
   * together). It is made again from the last sequence taken; at most once per stall period.
   */
  private checkProgress(now: number): void {
    const stall = Math.max(3 * this.board.windowMs, 10_000);
    if (this.messages === null || now - this.lastTakeAt < stall) return;
    if (!this.live.anyAlive(now)) return;
    this.lastTakeAt = now;
    this.messages.stop();
  }

  /** The replay reached the stream's end: windows journaled before the restart that gained a node are amended. */
  private caughtUp(): void {
    this.replaying = false;
    for (const record of this.board.caughtUp()) this.amended(record);
  }

  private take(node: string, data: Uint8Array): void {
    let result;
    try {
      const p = decodePartial(data);
      result = this.board.add(node, p);
      if (result.kind !== 'refused' && !(p.start_ms <= (this.newest.get(node) ?? -Infinity))) this.newest.set(node, p.start_ms);
    } catch (err) {
      result = { kind: 'refused' as const, reason: (err as Error).message };
    }
    if (result.kind === 'refused') {
      this.figures.refused++;
      // Replaying the stream from before the journal's end refuses old windows by design: not news.
      if (!(this.replaying && result.tooOld))
        this.complain(`${node}:${result.reason}`, `cluster: a partial from node ${node} was refused: ${result.reason}`);
      return;
    }
    if (result.kind === 'duplicate') {
      this.figures.duplicates++;
      return;
    }
    this.figures.partials++;
    if (result.kind === 'amended' && result.record) this.amended(result.record);
  }

  private amended(record: WindowRecord): void {
    this.figures.amended++;
    this.deps.amend(record).catch((err: unknown) => {
      this.deps.log('error', `cluster: could not amend window ${record.summary.window_start}: ${(err as Error).message}`);
    });
  }

  /** Logs a complaint once (a node with the wrong window size sends one each window). */
  private complain(key: string, message: string): void {
    if (this.complaints.has(key)) return;
    this.complaints.add(key);
    this.deps.log('warn', message);
  }

  async close(): Promise<void> {
    await this.link.close();
  }
}

// A cluster node (DESIGN §10): publishes each closed window's partial to the stream, a heartbeat
// with its live rates each second, and ingests the events published on `tallyline.events.>` in
// the queue group, so that NATS spreads them over the nodes. Closed partials go through the
// outbox on disk (partial-outbox.ts): NATS away, or slow, costs nothing but a backlog.
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { LogFn } from '../../../src-shared/types';
import type { Settings } from '../../../src-shared/settings';
import { encodePartial } from '../window/partial-codec';
import type { WindowPartial } from '../window/partial';
import { EVENTS_QUEUE, EVENTS_SUBJECTS, liveSubject, partialMsgId, partialsSubject, type Heartbeat } from './cluster-names';
import { NatsLink } from './nats-link';
import type { ClusterSecrets } from './nats-options';
import { PartialOutbox } from './partial-outbox';

export interface NodeDeps {
  settings: Settings;
  secrets: ClusterSecrets;
  node: string;
  dataDir: string;
  log: LogFn;
  clock: () => number;
  /** A message of lines from `tallyline.events.>`, to be ingested like a datagram. */
  ingest: (data: Buffer, subject: string, at: number) => void;
  /** The node's live figures for its heartbeat. */
  live: (now: number) => Omit<Heartbeat, 'v' | 'node' | 'backlog'>;
}

const HEARTBEAT_MS = 1000;
const PUBLISH_TIMEOUT_MS = 5000;

export class ClusterNode {
  private readonly link: NatsLink;
  private readonly outbox: PartialOutbox;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pumping = false;
  private events: Subscription | null = null;
  /** Messages and bytes taken from `tallyline.events.>`. */
  eventMessages = 0;
  eventBytes = 0;
  private failing = false;

  constructor(private readonly deps: NodeDeps) {
    this.outbox = PartialOutbox.open(deps.dataDir, (m) => deps.log('warn', m));
    this.link = new NatsLink(deps.settings, deps.secrets, `tallyline node ${deps.node}`, deps.log, (nc) => this.onConnected(nc));
  }

  start(): void {
    this.link.start();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    if (this.outbox.backlog.length > 0) {
      this.deps.log('info', `cluster: ${this.outbox.backlog.length} closed windows wait in the outbox for NATS`);
    }
  }

  get connected(): boolean {
    return this.link.connected;
  }

  get backlog(): number {
    return this.outbox.backlog.length;
  }

  /** Closed windows: kept on disk, then published in order. */
  closed(partials: readonly WindowPartial[]): void {
    for (const p of partials) this.outbox.add(p.start_ms, p.window_ms, encodePartial(p));
    void this.pump();
  }

  private onConnected(nc: NatsConnection): void {
    if (this.events === null) {
      this.events = nc.subscribe(EVENTS_SUBJECTS, {
        queue: EVENTS_QUEUE,
        callback: (err, msg) => {
          if (err) return;
          this.eventMessages++;
          this.eventBytes += msg.data.length;
          this.deps.ingest(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength), msg.subject, this.deps.clock());
        },
      });
    }
    void this.pump();
  }

  private beat(): void {
    const nc = this.link.nc;
    if (nc === null || !this.link.connected) return;
    const now = this.deps.clock();
    const hb: Heartbeat = { v: 1, node: this.deps.node, ...this.deps.live(now), backlog: this.outbox.backlog.length };
    try {
      nc.publish(liveSubject(this.deps.node), JSON.stringify(hb));
    } catch {
      // Lost meanwhile: the next second tries again.
    }
    if (this.outbox.backlog.length > 0) void this.pump();
  }

  /** Publishes the outbox oldest first, each once the one before it was acknowledged; one pump at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.outbox.backlog.length > 0 && this.link.connected && this.link.nc !== null) {
        const entry = this.outbox.backlog[0]!;
        const js = jetstream(this.link.nc);
        try {
          await js.publish(partialsSubject(this.deps.node), this.outbox.read(entry), {
            msgID: partialMsgId(this.deps.node, entry.window_ms, entry.start_ms),
            timeout: PUBLISH_TIMEOUT_MS,
          });
        } catch (err) {
          if (!this.failing) {
            this.deps.log(
              'warn',
              `cluster: publishing window ${new Date(entry.start_ms).toISOString()} failed (${(err as Error).message}); kept, retrying`,
            );
          }
          this.failing = true;
          await this.link.sleep(1000);
          continue;
        }
        if (this.failing) this.deps.log('info', 'cluster: publishing again');
        this.failing = false;
        this.outbox.acknowledged(entry);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Publishes what it can of the backlog within `waitMs`, then leaves NATS; the rest waits in the outbox. */
  async close(waitMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const until = Date.now() + waitMs;
    while (this.outbox.backlog.length > 0 && this.link.connected && Date.now() < until) {
      void this.pump();
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.link.close();
    this.outbox.close();
  }
}

// One connection to NATS for a node or a viewer: the first connection is retried with backoff
// (NATS may come up after us), later losses are the client's to recover (it reconnects for ever);
// `connected` follows the client's status so callers know when to publish. The stream is created
// when missing, with the retention setting, and replicated over three servers where there are
// three; an existing stream is used as it is.
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { LogFn } from '../../../src-shared/types';
import type { Settings } from '../../../src-shared/settings';
import { PARTIALS_SUBJECTS, STREAM } from './cluster-names';
import { natsOptions, redactUrl, serversOf, type ClusterSecrets } from './nats-options';

const DAY_MS = 86_400_000;
const FIRST_CONNECT_BACKOFF_MS = [250, 500, 1000, 2000, 5000];

export class NatsLink {
  nc: NatsConnection | null = null;
  connected = false;
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly settings: Settings,
    private readonly secrets: ClusterSecrets,
    private readonly name: string,
    private readonly log: LogFn,
    /** Called on every (re)connection, after the stream is known to exist. */
    private readonly onConnect: (nc: NatsConnection) => void | Promise<void>,
  ) {}

  /** Connects in the background; the engine goes on counting meanwhile. */
  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    const opts = natsOptions(this.settings, this.secrets, this.name);
    const where = serversOf(this.settings).map(redactUrl).join(', ');
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const nc = await connect({ ...opts, waitOnFirstConnect: false });
        if (this.closed) {
          await nc.close();
          return;
        }
        this.nc = nc;
        this.log('info', `cluster: connected to NATS at ${redactUrl(nc.getServer())}`);
        this.watch(nc);
        await this.connectedNow(nc);
        return;
      } catch (err) {
        if (attempt === 0) this.log('warn', `cluster: cannot reach NATS at ${where} (${(err as Error).message}); retrying`);
        await this.sleep(FIRST_CONNECT_BACKOFF_MS[Math.min(attempt, FIRST_CONNECT_BACKOFF_MS.length - 1)]!);
      }
    }
  }

  private async connectedNow(nc: NatsConnection): Promise<void> {
    try {
      await ensureStream(nc, this.settings.retention_days);
      this.connected = true;
      await this.onConnect(nc);
    } catch (err) {
      this.log('warn', `cluster: stream ${STREAM} not ready (${(err as Error).message}); retrying on the next reconnection or in 2 s`);
      await this.sleep(2000);
      if (!this.closed && !nc.isClosed()) await this.connectedNow(nc);
    }
  }

  private watch(nc: NatsConnection): void {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') {
          this.connected = false;
          this.log('warn', `cluster: lost NATS at ${redactUrl(s.server)}; counting and journaling go on, reconnecting`);
        } else if (s.type === 'reconnect') {
          this.log('info', `cluster: reconnected to NATS at ${redactUrl(s.server)}`);
          await this.connectedNow(nc);
        }
      }
    })().catch(() => {});
  }

  /** Waits `ms`, or less if close() comes. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    this.wake?.();
    const nc = this.nc;
    this.nc = null;
    if (nc && !nc.isClosed()) await nc.close().catch(() => {});
  }
}

/** Creates the stream when missing: retention from the settings, three replicas where three servers are clustered. */
export async function ensureStream(nc: NatsConnection, retentionDays: number): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(STREAM);
    return;
  } catch (err) {
    if (!/not found/i.test((err as Error).message)) throw err;
  }
  const config = {
    name: STREAM,
    subjects: [PARTIALS_SUBJECTS],
    max_age: nanos(retentionDays * DAY_MS),
    duplicate_window: nanos(10 * 60_000),
  };
  for (const replicas of [3, 1]) {
    try {
      await jsm.streams.add({ ...config, num_replicas: replicas });
      return;
    } catch {
      // Another node made it meanwhile; or fewer than three servers are clustered: one copy then.
      if (
        await jsm.streams.info(STREAM).then(
          () => true,
          () => false,
        )
      )
        return;
    }
  }
  throw new Error(`could not create stream ${STREAM}`);
}

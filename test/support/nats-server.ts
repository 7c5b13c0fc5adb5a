// Real NATS servers for the cluster tests (DESIGN §10): one `nats-server -js`, or a three-server
// JetStream cluster, on free loopback ports with their own temp storage. A real server rather than
// a mock, because what the cluster code relies on (publish acks, dedup by message id, replicas,
// leader failover, persistence over a restart) is the server's behaviour, not the client's.
//
// Every server started here is tracked until destroyed: call stopAllNats() in afterEach/afterAll so
// a failing test still leaves no process or folder behind; a process exit kills what is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface NatsOptions {
  /** JetStream storage folder; default a fresh temp folder, removed by destroy(). A given one is kept. */
  dir?: string;
  /** Start with JetStream (`-js`). Default true: the cluster code needs it. */
  jetstream?: boolean;
  /** Client port; default a free one. */
  port?: number;
  /** More nats-server arguments, such as `['--auth', TOKEN]`; default none. */
  args?: string[];
}

export interface NatsServer {
  /** Server name (`-n`), distinct per server: JetStream clustering needs it. */
  name: string;
  url: string;
  port: number;
  /** HTTP monitoring port (/healthz, /jsz). */
  monitorPort: number;
  /** JetStream storage folder. */
  dir: string;
  /** Whether the process is up (false after stop or kill, until restart). */
  readonly running: boolean;
  /** Graceful shutdown (SIGTERM; SIGKILL after 5 s); keeps the storage for restart(). */
  stop(): Promise<void>;
  /** SIGKILL, as a crash; keeps the storage for restart(). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and storage and waits until it is ready. */
  restart(): Promise<void>;
  /** Kills it and removes its storage if the harness made it. */
  destroy(): Promise<void>;
}

export interface NatsCluster {
  servers: NatsServer[];
  /** Every client URL, comma-joined, as `--cluster` takes them. */
  urls: string;
  /** Destroys every server of the cluster. */
  destroy(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 50;
/** Log kept per server, for the error when it does not come up. */
const LOG_TAIL_CHARS = 4000;

const live = new Set<NatsServer>();

/** The nats-server binary: on PATH, else Debian's /usr/sbin (not on every user's PATH). */
export function natsServerBinary(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const d of dirs) {
    const candidate = join(d, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  throw new Error(
    `nats-server was not found on PATH nor in /usr/sbin. The cluster tests need a real server: apt-get install -y nats-server`,
  );
}

/** Distinct free loopback ports: all held open at once, so the kernel cannot hand one out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve());
      });
      ports.push((s.address() as { port: number }).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** A monitoring endpoint's status and JSON body (null when it is not JSON). */
async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

interface Spec {
  name: string;
  port: number;
  monitorPort: number;
  dir: string;
  ownDir: boolean;
  args: string[];
}

/** One server process and its lifecycle; restart() reuses the same arguments. */
class ManagedServer implements NatsServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly monitorPort: number;
  readonly dir: string;
  private proc: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  constructor(private readonly spec: Spec) {
    this.name = spec.name;
    this.port = spec.port;
    this.monitorPort = spec.monitorPort;
    this.dir = spec.dir;
    this.url = `nats://127.0.0.1:${spec.port}`;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** Spawns the process; ready() says when it serves. */
  spawn(): void {
    const proc = spawn(natsServerBinary(), this.spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const keep = (chunk: Buffer): void => {
      this.log = (this.log + chunk.toString()).slice(-LOG_TAIL_CHARS);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      proc.once('exit', () => {
        if (this.proc === proc) this.proc = null;
        resolve();
      });
      // A spawn failure (ENOENT, EACCES) emits 'error' and maybe no 'exit'.
      proc.once('error', (err) => {
        keep(Buffer.from(String(err)));
        if (this.proc === proc) this.proc = null;
        resolve();
      });
    });
  }

  /** Waits until /healthz says ok (JetStream included), or throws with the server's log. */
  async ready(check: () => Promise<boolean> = () => this.healthy()): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.proc) throw new Error(`nats-server ${this.name} exited while starting:\n${this.log}`);
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new Error(`nats-server ${this.name} was not ready within ${READY_TIMEOUT_MS} ms:\n${this.log}`);
  }

  async healthy(): Promise<boolean> {
    return (await getJson(`http://127.0.0.1:${this.monitorPort}/healthz`)).status === 200;
  }

  /** The JetStream meta leader this server knows of, or null. */
  async metaLeader(): Promise<string | null> {
    const { body } = await getJson(`http://127.0.0.1:${this.monitorPort}/jsz`);
    const leader = (body as { meta_cluster?: { leader?: string } } | null)?.meta_cluster?.leader;
    return typeof leader === 'string' && leader !== '' ? leader : null;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (!this.proc) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    this.spawn();
    await this.ready();
  }

  async destroy(): Promise<void> {
    live.delete(this);
    await this.kill();
    if (this.spec.ownDir) await rm(this.dir, { recursive: true, force: true });
  }

  /** For the process-exit fallback: synchronous, as nothing async runs then. */
  destroySync(): void {
    this.proc?.kill('SIGKILL');
    if (this.spec.ownDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

process.once('exit', () => {
  for (const s of live) (s as ManagedServer).destroySync();
});

async function storageDir(dir: string | undefined): Promise<{ dir: string; ownDir: boolean }> {
  if (dir !== undefined) return { dir, ownDir: false };
  return { dir: await mkdtemp(join(tmpdir(), 'tallyline-nats-')), ownDir: true };
}

function baseArgs(name: string, port: number, monitorPort: number, dir: string, jetstream: boolean): string[] {
  return ['-n', name, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), ...(jetstream ? ['-js', '-sd', dir] : [])];
}

/** Starts one nats-server (JetStream on by default) and waits until it accepts clients. */
export async function startNats(opts: NatsOptions = {}): Promise<NatsServer> {
  natsServerBinary();
  const [port, monitorPort] = opts.port !== undefined ? [opts.port, ...(await freePorts(1))] : await freePorts(2);
  const { dir, ownDir } = await storageDir(opts.dir);
  const name = `tallyline-test-${port}`;
  const server = new ManagedServer({
    name,
    port,
    monitorPort,
    dir,
    ownDir,
    args: [...baseArgs(name, port, monitorPort, dir, opts.jetstream ?? true), ...(opts.args ?? [])],
  });
  live.add(server);
  try {
    server.spawn();
    await server.ready();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}

/**
 * Starts `size` (default 3) JetStream servers routed to each other as one cluster, distinct server
 * names, each with its own storage, and waits until every one of them knows the JetStream meta
 * leader (before that, stream and account requests fail).
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  natsServerBinary();
  const ports = await freePorts(size * 3);
  const clusterName = `tallyline-test-${ports[0]}`;
  const routePorts = ports.slice(size * 2);
  const servers: ManagedServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      const [port, monitorPort, routePort] = [ports[i], ports[size + i], routePorts[i]];
      const { dir, ownDir } = await storageDir(undefined);
      const name = `n${i + 1}-${port}`;
      const routes = routePorts.filter((_, k) => k !== i).map((p) => `nats://127.0.0.1:${p}`);
      const args = [
        ...baseArgs(name, port, monitorPort, dir, true),
        '--cluster_name',
        clusterName,
        '--cluster',
        `nats://127.0.0.1:${routePort}`,
        '--routes',
        routes.join(','),
      ];
      const server = new ManagedServer({ name, port, monitorPort, dir, ownDir, args });
      live.add(server);
      servers.push(server);
      server.spawn();
    }
    await Promise.all(servers.map((s) => s.ready(async () => (await s.metaLeader()) !== null)));
  } catch (err) {
    await Promise.all(servers.map((s) => s.destroy()));
    throw err;
  }
  return {
    servers,
    urls: servers.map((s) => s.url).join(','),
    destroy: async () => {
      await Promise.all(servers.map((s) => s.destroy()));
    },
  };
}

/** Destroys every server this harness started and has not destroyed yet (for afterEach). */
export async function stopAllNats(): Promise<void> {
  await Promise.all([...live].map((s) => s.destroy()));
}

// Real `tallyline serve` processes for the cluster tests (DESIGN §10): nodes and viewers from the
// BUILT bin/tallyline.js (`npm test` builds first; in a dev loop run `npx electron-vite build`),
// each on its own temp data folder and free loopback ports. Every process and folder made here is
// tracked until cleanupProcs() (afterEach/afterAll), so a failing test leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterStatus } from '../../../src-shared/cluster';
import type { Summary } from '../../../src-shared/types';
import { pollUntil } from '../serve/support';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin/tallyline.js');

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
/** Every serve started since the last cleanup, for its log when a test fails. */
const started: { args: string[]; stderr: () => string }[] = [];

/** Throws unless the app is built: these tests run the command as a user does. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'out/main/cli.js')))
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` (npm test does) before these tests');
}

/** A fresh temp folder, removed by cleanupProcs(). */
export async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tallyline-cluster-'));
  dirs.add(dir);
  return dir;
}

export interface Serve {
  child: ChildProcess;
  /** The UI/API base URL. */
  ui: string;
  /** The ingest port (TCP and UDP), or null for a viewer. */
  port: number | null;
  dataDir: string;
  stderr: () => string;
  exited: Promise<void>;
  /** Sends `signal` and waits until the process is gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

/** Starts `tallyline serve ARGS` and waits for its start line `{"ui":..., "ingest":...}`. */
export async function startServe(args: string[], opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Serve> {
  const dataDir = opts.dataDir ?? join(await tempFolder(), 'data');
  const child = spawn(process.execPath, [BIN, 'serve', '--ui-port', '0', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      gone = true;
      children.delete(child);
      resolve();
    }),
  );
  const first = await pollUntil(
    async () => {
      if (gone) throw new Error(`serve ${args.join(' ')} exited before its start line: ${stderr}`);
      return stdout;
    },
    (out) => out.includes('\n'),
    `the start line of tallyline serve ${args.join(' ')}`,
    30_000,
  );
  started.push({ args, stderr: () => stderr });
  const line = JSON.parse(first.split('\n')[0]!) as { ui: string; ingest: string | null };
  return {
    child,
    ui: line.ui,
    port: line.ingest === null ? null : Number(line.ingest.split(':').at(-1)),
    dataDir,
    stderr: () => stderr,
    exited,
    kill: async (signal) => {
      if (!gone) child.kill(signal);
      await exited;
    },
  };
}

/** A node: `--cluster URLS --node NAME`, listening for TCP and UDP on a free port. */
export function startNode(urls: string, name: string, opts: { window?: number; env?: Record<string, string>; dataDir?: string } = {}) {
  return startServe(['--cluster', urls, '--node', name, '--listen', '127.0.0.1:0', '--window', String(opts.window ?? 2)], opts);
}

/** A viewer: `--view URLS`. */
export function startViewer(urls: string, opts: { window?: number; dataDir?: string } = {}) {
  return startServe(['--view', urls, '--window', String(opts.window ?? 2)], opts);
}

/** Kills every process still running and removes every folder made here; with `failed`, prints their logs first. */
export async function cleanupProcs(failed = false): Promise<void> {
  if (failed) for (const s of started) console.error(`--- tallyline serve ${s.args.join(' ')}\n${s.stderr().slice(-4000)}`);
  started.length = 0;
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('close', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
  children.clear();
  await Promise.all([...dirs].map((d) => rm(d, { recursive: true, force: true })));
  dirs.clear();
}

// A process killed by the runner itself (timeout) must not leave serves behind.
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(base + path, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const cluster = (s: Serve) => getJson<ClusterStatus>(s.ui, '/api/cluster');

/** Every summary the engine has journaled since `from` (the range covers the test). */
export const summaries = (s: Serve, from: string) => getJson<Summary[]>(s.ui, `/api/summaries?from=${encodeURIComponent(from)}`);

/** Polls `read` until `done` holds (default up to 60 s); the house way to wait. */
export function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  return pollUntil(read, done, what, timeoutMs);
}

/** Waits until the viewer hears every named node's heartbeat (so their event subscriptions are up). */
export function allAlive(viewer: Serve, names: string[]) {
  return waitFor(
    () => cluster(viewer),
    (s) => names.every((n) => s.nodes.some((x) => x.name === n && x.alive)),
    `the viewer to hear nodes ${names.join(', ')}`,
  );
}

/** Nodes `names` and a viewer on `urls`, once the viewer hears every node. */
export async function nodesAndViewer(urls: string, names: string[]): Promise<{ nodes: Serve[]; viewer: Serve }> {
  const nodes = await Promise.all(names.map((n) => startNode(urls, n)));
  const viewer = await startViewer(urls);
  await allAlive(viewer, names);
  return { nodes, viewer };
}

/** An hour back: the range of every read covers the whole test. */
export const since = () => new Date(Date.now() - 3_600_000).toISOString();

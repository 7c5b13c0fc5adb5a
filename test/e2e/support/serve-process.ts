// Runs the real `tallyline serve` from the built output (bin/tallyline.js -> out/main/cli.js), the
// same thing a user runs, and reads the JSON start line it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'tallyline.js');

export interface StartLine {
  ui: string;
  ingest: string | null;
}

export interface ServeOptions {
  dataDir: string;
  /** Port of the UI; 0 picks a free one. Default 0. */
  uiPort?: number;
  /** Window size in seconds. Default 1. */
  windowSeconds?: number;
  /** Extra arguments. Default none. */
  extra?: string[];
  /** Environment added to the test's own. Default none. */
  env?: Record<string, string>;
}

export class ServeProcess {
  readonly start: StartLine;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #stderr: string[];

  private constructor(child: ChildProcess, start: StartLine, exited: Promise<number | null>, stderr: string[]) {
    this.#child = child;
    this.start = start;
    this.#exited = exited;
    this.#stderr = stderr;
  }

  /** Port of the UI and API. */
  get uiPort(): number {
    return Number(new URL(this.start.ui).port);
  }

  /** Port of the ingest listener `--listen` started (the start line's `ingest`); throws when none. */
  get ingestPort(): number {
    const m = /:(\d+)$/.exec(this.start.ingest ?? '');
    if (!m) throw new Error(`tallyline serve is not listening for events (its start line says ingest ${this.start.ingest})`);
    return Number(m[1]);
  }

  /** What serve wrote to stderr so far (engine logs), for failure messages. */
  get stderr(): string {
    return this.#stderr.join('');
  }

  static async spawn(opts: ServeOptions): Promise<ServeProcess> {
    if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')) || !existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
      throw new Error('The e2e tests run the built app: run `npm run build` (electron-vite build) first.');
    }
    const args = [
      BIN,
      'serve',
      '--ui-port',
      String(opts.uiPort ?? 0),
      '--data-dir',
      opts.dataDir,
      '--window',
      String(opts.windowSeconds ?? 1),
      ...(opts.extra ?? []),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! });
    const first = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      exited.then((code) => {
        throw new Error(`tallyline serve exited with ${code} before its start line:\n${stderr.join('')}`);
      }),
    ]);
    let start: StartLine;
    try {
      start = JSON.parse(first) as StartLine;
    } catch {
      child.kill('SIGKILL');
      throw new Error(`tallyline serve printed ${JSON.stringify(first)} instead of its JSON start line`);
    }
    return new ServeProcess(child, start, exited, stderr);
  }

  /** SIGKILL, as a crash: nothing is flushed or journaled. */
  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** Stops serve the way Ctrl-C does (the open window is journaled), killing it if it hangs. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }
}

// Traffic from the project's own generator, `tallyline send`, in a process of its own so the
// test runner's event loop stays free to drive the browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './serve-process';

export interface SendOptions {
  port: number;
  /** Lines per second over all connections. */
  rate: number;
  /** Distinct event names. Default 10. */
  names?: number;
  /** Default 'plain'. */
  format?: 'plain' | 'json' | 'statsd';
  /** Connections. Default 1. */
  connections?: number;
  /** Seconds; 0 sends until stop(). Default 0. */
  duration?: number;
  /** Seed of the name choice. Default 1. */
  seed?: number;
}

/** What `tallyline send` reports when it ends. */
export interface SendReport {
  lines: number;
  bytes: number;
  events: Record<string, number>;
  seconds: number;
}

export class SendProcess {
  readonly #child: ChildProcess;
  readonly #done: Promise<SendReport>;

  private constructor(child: ChildProcess, done: Promise<SendReport>) {
    this.#child = child;
    this.#done = done;
  }

  static start(o: SendOptions): SendProcess {
    const args = [
      join(ROOT, 'bin', 'tallyline.js'),
      'send',
      '--to',
      `127.0.0.1:${o.port}`,
      '--rate',
      String(o.rate),
      '--names',
      String(o.names ?? 10),
      '--format',
      o.format ?? 'plain',
      '--connections',
      String(o.connections ?? 1),
      '--duration',
      String(o.duration ?? 0),
      '--seed',
      String(o.seed ?? 1),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const done = new Promise<SendReport>((resolve, reject) => {
      child.once('exit', () => {
        try {
          resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as SendReport);
        } catch {
          reject(new Error(`tallyline send printed no report: ${out}${err}`));
        }
      });
    });
    // An unobserved rejection must not crash the runner when a test only stops the sender.
    done.catch(() => {});
    return new SendProcess(child, done);
  }

  /** Resolves with the report once sending ends by itself (a set duration). */
  get done(): Promise<SendReport> {
    return this.#done;
  }

  /** Ends sending (as Ctrl-C does) and returns what went out. */
  async stop(): Promise<SendReport> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGINT');
    return this.#done;
  }
}

// One run of generated traffic through a receiver process (receiver.ts), from a sender process
// (sender.ts): the figures the receiver reports. Shared by the sections of bench/run.ts and by
// bench/cluster.ts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BenchFormat } from './traffic';

export interface Result {
  lines_per_sec: number;
  warm_lines_per_sec: number;
  peak_rss_mb: number;
  unique_events?: number;
  unique_exact?: boolean;
  rejected?: number;
}

export type Mode = 'baseline' | 'naive' | 'engine' | `engine:${number}`;

const here = new URL('.', import.meta.url).pathname;

function child(script: string, args: string[], env?: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['--import', 'tsx', `${here}${script}`, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: env ?? process.env,
  });
}

/**
 * `lines` lines of `format` over `names` names and `connections` connections into a `mode`
 * receiver, timed warm after `warmup` lines; `settings` (JSON) are the engine's, beyond the mode's.
 */
export async function runReceiver(
  mode: Mode,
  format: BenchFormat,
  names: number,
  connections: number,
  lines: number,
  warmup: number,
  settings: Record<string, unknown> = {},
): Promise<Result> {
  const receiver = child('receiver.ts', [mode, String(lines), String(warmup)], {
    ...process.env,
    BENCH_ENGINE_SETTINGS: JSON.stringify(settings),
  });
  const out = createInterface({ input: receiver.stdout });
  const it = out[Symbol.asyncIterator]();
  const first = await it.next();
  const { port } = JSON.parse(first.value as string) as { port: number };
  const sender = child('sender.ts', [String(port), format, String(names), String(lines), String(connections)]);
  const result = await it.next();
  sender.kill();
  receiver.kill();
  if (result.done) throw new Error(`${mode} receiver ended without a result`);
  return JSON.parse(result.value as string) as Result;
}

// Helpers for the serve tests: a real engine host on a temp data folder, raw TCP sends, and
// bounded polling (a condition with a deadline, never a fixed sleep).
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../../src-shared/settings';
import { EngineClient } from '../../../src-main/engine/worker/client';
import { createTsWorker } from '../../support/ts-worker';

export const WORKER_SOURCE = new URL('../../../src-main/engine/worker/engine-worker.ts', import.meta.url);

export function createWorker(options: import('node:worker_threads').WorkerOptions) {
  return createTsWorker(WORKER_SOURCE, options);
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tallyline-serve-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function startEngine(dataDir: string, settings: Partial<Settings> = { window_seconds: 1 }): Promise<EngineClient> {
  return EngineClient.start({ dataDir, settings, createWorker, log: () => {} });
}

/** Calls `read` until `done` holds for its value or `timeoutMs` (default 20 s) passes; returns the value. */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes `text` to host:port over one TCP connection and closes it once everything is sent. */
export function sendRaw(port: number, text: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => socket.end(text));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
}

/** A JSON request against a running server; returns status, headers and the parsed body (or text). */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // The body is whatever JSON the route answered; each test reads the fields it pins.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

// The `tallyline` command as a user runs it: the BUILT bin/tallyline.js in child processes
// (`npm test` builds first; in a dev loop run `npx electron-vite build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../../src-shared/api';
import type { Summary } from '../../../src-shared/types';
import { formatInZone } from '../../../src-shared/time-zones';
import { readSummaries } from '../../../src-main/engine/journal/reader';
import type { SendReport } from '../../../src-main/serve/send-command';
import { refusingPort } from '../../support/tcp';
import { call, pollUntil, sendRaw, sum, tempDir } from './support';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin/tallyline.js');

const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.length = 0;
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/cli.js')))
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` (npm test does) before these tests');
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; exit: Promise<Exit>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

/** Runs a command to its end. */
function run(args: string[]): Promise<Exit> {
  return start(args).exit;
}

interface Serving {
  child: ChildProcess;
  exit: Promise<Exit>;
  line: { ui: string; ingest: string | null };
  stderr: () => string;
}

/** Starts `tallyline serve` and waits for its JSON start line. */
async function serve(args: string[]): Promise<Serving> {
  const p = start(['serve', '--ui-port', '0', ...args]);
  let ended: Exit | null = null;
  void p.exit.then((e) => (ended = e));
  const first = await pollUntil(
    async () => {
      if (ended) throw new Error(`serve exited (${ended.code}) before its start line: ${ended.stderr}`);
      return p.stdout();
    },
    (out) => out.includes('\n'),
    'the start line of tallyline serve',
  );
  return { child: p.child, exit: p.exit, line: JSON.parse(first.split('\n')[0]), stderr: p.stderr };
}

async function send(ingest: string, extra: string[] = []): Promise<SendReport> {
  const r = await run(['send', '--to', ingest, '--rate', '2000', '--duration', '1', '--names', '5', '--connections', '2', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SendReport;
}

const rows = (csv: string) => parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

function perEvent(csv: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows(csv)) out[r.event] = (out[r.event] ?? 0) + Number(r.count);
  return out;
}

async function dataDir(): Promise<string> {
  const d = await tempDir();
  cleanups.push(d.remove);
  return join(d.dir, 'data');
}

describe('tallyline serve', () => {
  it('prints one JSON line with the real UI and ingest ports, and serves the built UI', async () => {
    const s = await serve(['--listen', '127.0.0.1:0', '--data-dir', await dataDir(), '--window', '1']);
    expect(Object.keys(s.line).sort()).toEqual(['ingest', 'ui']);
    expect(s.line.ui).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(s.line.ingest).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const page = await fetch(s.line.ui + '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const status = (await call(s.line.ui, 'GET', '/api/status')).body as Status;
    expect(status.listener).toMatchObject({ state: 'listening', port: Number(s.line.ingest!.split(':')[1]) });
    expect(status.settings.window_seconds).toBe(1);

    const plain = await serve(['--data-dir', await dataDir()]);
    expect(plain.line.ingest).toBeNull();
  });

  it('counts exactly what `tallyline send` sent, in /api/export/summaries.csv and event_counts.csv', async () => {
    const s = await serve(['--listen', '127.0.0.1:0', '--data-dir', await dataDir(), '--window', '1']);
    const report = await send(s.line.ingest!);
    expect(report.lines).toBe(2000);
    const csv = await pollUntil(
      async () => (await fetch(`${s.line.ui}/api/export/summaries.csv`)).text(),
      (text) => sum(rows(text).map((r) => Number(r.events))) >= report.lines,
      'the windows holding every sent line to close',
    );
    expect(sum(rows(csv).map((r) => Number(r.events)))).toBe(report.lines);
    expect(perEvent(await (await fetch(`${s.line.ui}/api/export/event_counts.csv`)).text())).toEqual(report.events);
  });

  it('keeps every closed window exactly across a SIGKILL and a restart on the same data folder', async () => {
    const dir = await dataDir();
    const first = await serve(['--listen', '127.0.0.1:0', '--data-dir', dir, '--window', '1']);
    const report = await send(first.line.ingest!);
    const before = await pollUntil(
      async () => (await call(first.line.ui, 'GET', '/api/summaries')).body as Summary[],
      (s) => sum(s.map((x) => x.events)) >= report.lines,
      'the windows holding every sent line to close',
    );
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');

    const second = await serve(['--data-dir', dir, '--window', '1']);
    const after = (await call(second.line.ui, 'GET', '/api/summaries')).body as Summary[];
    const byStart = new Map(after.map((s) => [s.window_start, s]));
    for (const s of before) expect(byStart.get(s.window_start), s.window_start).toEqual(s);
    expect(sum(after.map((s) => s.events))).toBe(report.lines);
  });

  it('on SIGTERM stops cleanly: exits 0 with the open window written as partial, and `tallyline export` then has every line', async () => {
    const dir = await dataDir();
    // A 1-hour window stays open: only a graceful stop can save these lines.
    const s = await serve(['--listen', '127.0.0.1:0', '--data-dir', dir, '--window', '3600']);
    const report = await send(s.line.ingest!);
    await pollUntil(
      async () => ((await call(s.line.ui, 'GET', '/api/status')).body as Status).totals.events,
      (n) => n === report.lines,
      'the engine to count every line',
    );
    const live = await (await fetch(`${s.line.ui}/api/export/summaries.csv`)).text();
    s.child.kill('SIGTERM');
    const exit = await s.exit;
    expect(exit.code, exit.stderr).toBe(0);

    const journal: Summary[] = [];
    for await (const w of readSummaries(dir)) journal.push(w);
    expect(journal.at(-1)!.partial).toBe(true);

    const summaries = await run(['export', '--data-dir', dir, '--what', 'summaries']);
    expect(summaries.code, summaries.stderr).toBe(0);
    expect(sum(rows(summaries.stdout).map((r) => Number(r.events)))).toBe(report.lines);
    // Same CSV as the server wrote while running, plus the windows written since (the partial one).
    expect(summaries.stdout.startsWith(live)).toBe(true);
    const counts = await run(['export', '--data-dir', dir, '--what', 'event_counts', '--tz', 'utc']);
    expect(perEvent(counts.stdout)).toEqual(report.events);
  });

  it('refuses a non-loopback UI host without --token, with a message and a non-zero exit', async () => {
    const r = await run(['serve', '--ui-host', '0.0.0.0', '--ui-port', '0', '--data-dir', await dataDir()]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--token');
  });

  it('with --token on every interface, answers 401 without the token and 200 with it, and stops on SIGINT', async () => {
    const s = await serve(['--ui-host', '0.0.0.0', '--token', 'tok-123', '--data-dir', await dataDir()]);
    const local = s.line.ui.replace('0.0.0.0', '127.0.0.1');
    expect((await call(local, 'GET', '/api/status')).status).toBe(401);
    expect((await call(local, 'GET', '/api/status', undefined, { authorization: 'Bearer tok-123' })).status).toBe(200);
    // A person gets a link the browser client can take the token from; scripts still get one JSON line.
    expect(s.stderr()).toContain(`${s.line.ui}/?token=tok-123`);
    s.child.kill('SIGINT');
    expect((await s.exit).code).toBe(0);
  });

  it('exits non-zero with a message when the UI port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const port = String((blocker.address() as { port: number }).port);
    const dir = await dataDir();
    const r = await run(['serve', '--ui-port', port, '--listen', '127.0.0.1:0', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already in use');
    // A serve that failed to start journals nothing, not even an empty window.
    const journal: Summary[] = [];
    for await (const w of readSummaries(dir)) journal.push(w);
    expect(journal).toEqual([]);
  });

  it('after a SIGKILL, the next serve takes over the stale lock of the data folder and says so', async () => {
    const dir = await dataDir();
    const first = await serve(['--data-dir', dir]);
    first.child.kill('SIGKILL');
    await first.exit;
    const second = await serve(['--data-dir', dir]);
    expect(second.stderr()).toContain(`took over the lock of tallyline serve (pid ${first.child.pid} on`);
  });
});

describe('one owner per data folder', () => {
  it('a second serve on the same folder refuses in one sentence naming the first (exit 2); the first keeps counting into an intact journal', async () => {
    const dir = await dataDir();
    const first = await serve(['--listen', '127.0.0.1:0', '--data-dir', dir, '--window', '1']);
    const sending = send(first.line.ingest!);
    const second = await run(['serve', '--ui-port', '0', '--data-dir', dir]);
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^tallyline serve: ${dir} is in use by tallyline serve \\(pid ${first.child.pid} on .+\\); use another data folder`),
      ),
    ]);
    const report = await sending;
    await pollUntil(
      async () => ((await call(first.line.ui, 'GET', '/api/status')).body as Status).totals.events,
      (n) => n === report.lines,
      'the first serve to count every line',
    );
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);
    const summaries = await run(['export', '--data-dir', dir, '--what', 'summaries']);
    expect(sum(rows(summaries.stdout).map((r) => Number(r.events)))).toBe(report.lines);
  });

  it('`tallyline export` needs no lock and reads a consistent snapshot while a serve writes the folder', async () => {
    const dir = await dataDir();
    const s = await serve(['--listen', '127.0.0.1:0', '--data-dir', dir, '--window', '1']);
    const sending = send(s.line.ingest!, ['--duration', '3']);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await run(['export', '--data-dir', dir, '--what', 'event_counts']);
      expect(e.code, e.stderr).toBe(0);
      // Whole rows only, each window's counts complete: the (other) row is last when present and every row parses.
      const parsed = rows(e.stdout);
      expect(parsed.every((r) => r.window_start !== '' && Number.isFinite(Number(r.count)))).toBe(true);
      seen.push(sum(parsed.map((r) => Number(r.count))));
    }
    const report = await sending;
    // Each snapshot holds at least what the one before it did: windows are only ever appended.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.at(-1)!).toBeLessThanOrEqual(report.lines);
  });
});

describe('tallyline send and export', () => {
  it('send says nothing listens (exit 1), and export says the data folder is missing (a mistyped path: exit 2)', async () => {
    const refusing = await refusingPort();
    cleanups.push(refusing.release);
    const s = await run(['send', '--to', `127.0.0.1:${refusing.port}`, '--duration', '1']);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('connection refused');
    const dir = await dataDir();
    const e = await run(['export', '--data-dir', dir, '--what', 'summaries']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`no data folder at ${dir}`);
    expect(e.stdout).toBe('');
  });
});

describe('flags and help', () => {
  it('serve --event-time --lateness starts with those settings; --lateness alone is a usage mistake', async () => {
    const s = await serve(['--data-dir', await dataDir(), '--event-time', '--lateness', '2500', '--window', '10']);
    const status = (await call(s.line.ui, 'GET', '/api/status')).body as Status;
    expect(status.settings).toMatchObject({ event_time: true, lateness_ms: 2500, window_seconds: 10 });
    const r = await run(['serve', '--ui-port', '0', '--data-dir', await dataDir(), '--lateness', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('tallyline serve: --lateness applies to event-time windows: add --event-time');
  });

  it('serve --workers N ingests on N threads of the built worker, PATCH ingest_workers changes it live, 17 is a usage mistake', async () => {
    const s = await serve(['--data-dir', await dataDir(), '--listen', '127.0.0.1:0', '--workers', '3']);
    const before = (await call(s.line.ui, 'GET', '/api/status')).body as Status;
    expect(before.settings.ingest_workers).toBe(3);
    expect(before.totals.ingest_threads).toBe(3);
    await sendRaw(Number(s.line.ingest!.split(':')[1]), 'a\nb:1|c\n{"event":"c"}\n');
    await pollUntil(
      async () => ((await call(s.line.ui, 'GET', '/api/status')).body as Status).totals.events,
      (n) => n === 3,
      'three events',
    );
    const patched = await call(s.line.ui, 'PATCH', '/api/settings', { ingest_workers: 1 });
    expect(patched.status).toBe(200);
    expect(((await call(s.line.ui, 'GET', '/api/status')).body as Status).totals.ingest_threads).toBe(1);
    const r = await run(['serve', '--ui-port', '0', '--data-dir', await dataDir(), '--workers', '17']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--workers');
  });

  it('help shows each default (the real data folder) and marks what is required', async () => {
    const serveHelp = (await run(['serve', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(serveHelp).toContain(`(default: "${join(homedir(), '.local/share/tallyline')}")`);
    expect(serveHelp).toContain('window size, 1 to 3600 seconds (default: 60)');
    expect(serveHelp).toContain('--event-time');
    const exportHelp = (await run(['export', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(exportHelp).toContain('which CSV (required)');
    expect((await run(['send', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('where tallyline listens (required)');
  });

  it('export reads a --from without a zone in the --tz it writes', async () => {
    const dir = await dataDir();
    const first = await serve(['--data-dir', dir, '--window', '1']);
    first.child.kill('SIGTERM');
    await first.exit;
    const all = rows((await run(['export', '--data-dir', dir, '--what', 'summaries'])).stdout);
    expect(all.length).toBeGreaterThan(0);
    const start = all[0].window_start; // UTC, e.g. 2026-12-02T07:46:09.000Z
    // The same instant as New York wall-clock time, without its offset.
    const wall = formatInZone(Date.parse(start), 'America/New_York').slice(0, 23);
    const ny = rows((await run(['export', '--data-dir', dir, '--what', 'summaries', '--tz', 'America/New_York', '--from', wall])).stdout);
    expect(ny.map((r) => r.window_start)).toEqual(all.map((r) => formatInZone(Date.parse(r.window_start), 'America/New_York')));
  });
});

describe('a usage mistake', () => {
  /** Runs a command that should stop at its flags; a serve that starts anyway is stopped at its start line. */
  async function runRefused(args: string[]): Promise<Exit> {
    const p = start(args);
    let ended: Exit | null = null;
    void p.exit.then((e) => (ended = e));
    await pollUntil(
      async () => ended !== null || p.stdout().includes('\n'),
      (done) => done,
      `tallyline ${args.join(' ')} to exit`,
    );
    return ended ?? { code: null, signal: null, stdout: p.stdout(), stderr: p.stderr() };
  }

  // Each: the arguments, and what the sentence must name (the flag, the value refused).
  const MISTAKES: [string, string[], string[]][] = [
    ['--window 0', ['serve', '--window', '0'], ['--window', '"0"']],
    ['--window 3601', ['serve', '--window', '3601'], ['--window', '3601']],
    ['--window abc', ['serve', '--window', 'abc'], ['--window', 'abc']],
    ['--window without its value', ['serve', '--window'], ['--window']],
    ['--listen without a port', ['serve', '--listen', '127.0.0.1'], ['--listen', '127.0.0.1']],
    ['--listen with port 70000', ['serve', '--listen', '127.0.0.1:70000'], ['--listen', '70000']],
    ['--listen with a bad host', ['serve', '--listen', 'bad/host:9000'], ['--listen', 'bad/host']],
    ['--ui-port 70000', ['serve', '--ui-port', '70000'], ['--ui-port', '70000']],
    ['--ui-port abc', ['serve', '--ui-port', 'abc'], ['--ui-port', 'abc']],
    ['an unknown option', ['serve', '--bogus'], ['--bogus']],
    ['export --what users', ['export', '--what', 'users'], ['--what', 'users']],
    ['export --tz mars', ['export', '--what', 'summaries', '--tz', 'mars'], ['--tz', 'mars']],
    ['export without --what', ['export'], ['--what']],
    ['send without --to', ['send'], ['--to']],
    ['an unknown command', ['frobnicate'], ['frobnicate']],
  ];

  it.each(MISTAKES)('(%s) exits 2 with one sentence naming it on stderr and nothing on stdout', async (_name, args, names) => {
    // Serve and export get a data folder of the test's own (and serve a free UI port), so a flag
    // that slipped through could touch nothing real; they go first, so the mistake stays last.
    const [command, ...rest] = args;
    const own = command === 'serve' || command === 'export' ? ['--data-dir', await dataDir()] : [];
    if (command === 'serve' && !rest.includes('--ui-port')) own.push('--ui-port', '0');
    const r = await runRefused([command, ...own, ...rest]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, r.stderr).toHaveLength(1);
    for (const n of names) expect(lines[0]).toContain(n);
  });
});

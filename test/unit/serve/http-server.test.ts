import { mkdir, rename } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isErrorCode, type ErrorCode } from '../../../src-shared/errors';
import type { Status } from '../../../src-shared/api';
import type { Settings } from '../../../src-shared/settings';
import type { LineFormat, ListenerState, Summary } from '../../../src-shared/types';
import type { EngineClient } from '../../../src-main/engine/worker/client';
import { HTTP_STATUS } from '../../../src-main/serve/http-json';
import { formatInZone } from '../../../src-shared/time-zones';
import { startHttpServer, type HttpServerHandle } from '../../../src-main/serve/http-server';
import { startSend } from '../../../src-main/serve/send-command';
import { Journal } from '../../../src-main/engine/journal/writer';
import { endClient, openClient, until, writeChunks } from '../../support/tcp';
import { MINUTE_MS, minuteRecords } from '../../support/window-records';
import { call, pollUntil, sendRaw, startEngine, sum, tempDir } from './support';

let dir: { dir: string; remove: () => Promise<void> };
let engine: EngineClient;
let http: HttpServerHandle;

beforeEach(async () => {
  dir = await tempDir();
  engine = await startEngine(join(dir.dir, 'data'));
  http = await startHttpServer({ engine, uiDir: join(dir.dir, 'no-ui'), uiPort: 0 });
});
afterEach(async () => {
  await http?.close();
  await engine?.shutdown();
  await dir.remove();
});

async function startListener(format?: LineFormat): Promise<number> {
  const res = await call(http.url, 'POST', '/api/listener/start', { host: '127.0.0.1', port: 0, ...(format ? { format } : {}) });
  expect(res.status).toBe(200);
  const state = res.body as ListenerState;
  if (state.state !== 'listening') throw new Error(`not listening: ${res.text}`);
  expect(state.format).toBe(format ?? 'auto');
  return state.port;
}

async function patchSettings(patch: Partial<Settings>): Promise<Settings> {
  const res = await call(http.url, 'PATCH', '/api/settings', patch);
  expect(res.status, res.text).toBe(200);
  return res.body as Settings;
}

const getStatus = async (): Promise<Status> => (await call(http.url, 'GET', '/api/status')).body as Status;

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('startHttpServer over a real engine', () => {
  it('binds a free port when asked for 0 and says where', () => {
    expect(http.port).toBeGreaterThan(0);
    expect(http.url).toBe(`http://127.0.0.1:${http.port}`);
  });

  it('starts the listener, counts what is sent, and gives it back exactly in /api/summaries and both CSV exports', async () => {
    const port = await startListener();
    const report = await startSend({
      to: { host: '127.0.0.1', port },
      rate: 4000,
      durationSec: 0.5,
      names: 5,
      connections: 2,
      format: 'statsd',
    }).done;
    expect(report.lines).toBe(2000);

    const summaries = await pollUntil(
      async () => (await call(http.url, 'GET', '/api/summaries')).body as Summary[],
      (s) => sum(s.map((x) => x.events)) >= report.lines,
      'the windows holding every sent event to close',
    );
    expect(sum(summaries.map((s) => s.events))).toBe(report.lines);
    expect(sum(summaries.map((s) => s.bytes))).toBe(report.bytes);
    expect(sum(summaries.map((s) => s.rejected))).toBe(0);

    const sres = await fetch(`${http.url}/api/export/summaries.csv`);
    expect(sres.status).toBe(200);
    expect(sres.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(sres.headers.get('content-disposition')).toBe('attachment; filename="summaries.csv"');
    const srows = csvRows(await sres.text());
    expect(Number(sres.headers.get('x-tallyline-windows'))).toBe(srows.length);
    expect(srows.length).toBeGreaterThanOrEqual(summaries.length);
    expect(sum(srows.map((r) => Number(r.events)))).toBe(report.lines);

    const eres = await fetch(`${http.url}/api/export/event_counts.csv?tz=utc`);
    expect(eres.headers.get('content-disposition')).toBe('attachment; filename="event_counts.csv"');
    const perEvent: Record<string, number> = {};
    for (const r of csvRows(await eres.text())) perEvent[r.event] = (perEvent[r.event] ?? 0) + Number(r.count);
    expect(perEvent).toEqual(report.events);

    // A range picks windows by start: everything from the first window on is all of it.
    const from = summaries.find((s) => s.events > 0)!.window_start;
    const ranged = csvRows(await (await fetch(`${http.url}/api/export/summaries.csv?from=${encodeURIComponent(from)}`)).text());
    expect(sum(ranged.map((r) => Number(r.events)))).toBe(report.lines);

    const stopped = await call(http.url, 'POST', '/api/listener/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({ state: 'stopped' });
    const status = (await call(http.url, 'GET', '/api/status')).body as Status;
    expect(status.listener.state).toBe('stopped');
    expect(status.totals.events).toBe(report.lines);
    await expect(
      new Promise((resolve, reject) => connect({ host: '127.0.0.1', port }, () => resolve('connected')).on('error', reject)),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers a port out of range with 400 and a sentence', async () => {
    const res = await call(http.url, 'POST', '/api/listener/start', { host: '127.0.0.1', port: 70000 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_PORT');
    expect(res.body.error.message).toContain('70000');
    expect(((await call(http.url, 'GET', '/api/status')).body as Status).listener.state).toBe('stopped');
  });

  it('answers a body that is not JSON with 400 BAD_JSON', async () => {
    const res = await call(http.url, 'POST', '/api/listener/start', '{"host": "127.0.0.1", port: 9000');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_JSON', message: expect.stringContaining('not valid JSON') });
  });

  it('answers a taken port with 409 EADDRINUSE and a message for a person', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const res = await call(http.url, 'POST', '/api/listener/start', { host: '127.0.0.1', port: taken });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('EADDRINUSE');
      expect(res.body.error.message).toContain(String(taken));
      expect(res.body.error.message).not.toMatch(/\bat \w+ \(/); // no stack trace
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('drops a live connection by id (204) and answers an unknown id with 404 and a malformed one with 400', async () => {
    const port = await startListener();
    const client = connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((r) => client.on('close', () => r()));
    client.on('error', () => {});
    client.resume();
    const status = await pollUntil(
      async () => (await call(http.url, 'GET', '/api/status')).body as Status,
      (s) => s.connections.length === 1,
      'the connection to show in status',
    );
    const id = status.connections[0].id;
    expect((await call(http.url, 'DELETE', `/api/connections/${id}`)).status).toBe(204);
    await closed;

    const unknown = await call(http.url, 'DELETE', '/api/connections/nope-42');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const malformed = await call(http.url, 'DELETE', '/api/connections/a.b');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('a.b');
  });

  it('reads and patches settings, refusing a bad value with 400 and keeping the old one', async () => {
    const before = await call(http.url, 'GET', '/api/settings');
    expect(before.body.window_seconds).toBe(1);
    const bad = await call(http.url, 'PATCH', '/api/settings', { window_seconds: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('window_seconds');
    const good = await call(http.url, 'PATCH', '/api/settings', { top_n: 50 });
    expect(good.status).toBe(200);
    expect(good.body.top_n).toBe(50);
    expect((await call(http.url, 'GET', '/api/settings')).body).toMatchObject({ window_seconds: 1, top_n: 50 });
  });

  it('answers an unknown route with 404, a wrong method with 405, and bad query values with 400', async () => {
    const unknown = await call(http.url, 'GET', '/api/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const wrong = await call(http.url, 'GET', '/api/listener/start');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await call(http.url, 'GET', '/api/summaries?from=yesterday')).status).toBe(400);
    const tz = await call(http.url, 'GET', '/api/export/summaries.csv?tz=mars');
    expect(tz.status).toBe(400);
    expect(tz.body.error.message).toContain('mars');
  });

  it('refuses a body over 1 MiB with 413 and keeps serving', async () => {
    const res = await call(http.url, 'PATCH', '/api/settings', `{"top_n": 5, "pad": "${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(res.status).toBe(413);
    expect((await call(http.url, 'GET', '/api/status')).status).toBe(200);
  });

  it('serves a page saying the UI is not built, while the API works', async () => {
    const res = await fetch(`${http.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('not built');
  });

  it('reports a taken UI port as EADDRINUSE with the flag to change', async () => {
    await expect(startHttpServer({ engine, uiDir: dir.dir, uiPort: http.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringContaining('--ui-port'),
    });
  });
});

describe('distinct counts over real TCP, read back from /api/summaries', () => {
  /** n lines, each a distinct event name with a distinct user, all stamped with `ts`. */
  function distinctLines(prefix: string, n: number, ts: number): string {
    let text = '';
    for (let i = 0; i < n; i++) text += `{"event":"${prefix}-${i}","user":"${prefix}-u${i}","ts":${ts}}\n`;
    return text;
  }

  /**
   * Sends n distinct names and users into one window and closes it. Event time with an hour of
   * lateness keeps the window of `ts` open for the whole test whatever the clock does meanwhile;
   * leaving event-time mode then closes it (partial) into the journal before the PATCH answers.
   */
  async function oneWindow(port: number, prefix: string, n: number): Promise<Summary> {
    await patchSettings({ window_seconds: 3600, event_time: true, lateness_ms: 3_600_000 });
    const before = (await getStatus()).totals.events;
    await sendRaw(port, distinctLines(prefix, n, Date.now()));
    await pollUntil(getStatus, (s) => s.totals.events === before + n, `the engine to count ${n} lines`);
    await patchSettings({ event_time: false });
    const busy = ((await call(http.url, 'GET', '/api/summaries')).body as Summary[]).filter((s) => s.events > 0);
    expect(busy.at(-1)!.events).toBe(n);
    return busy.at(-1)!;
  }

  it('are exact (unique_exact and distinct_users_exact true) at 10,000 names and users, and estimates (false) at 10,001', async () => {
    const port = await startListener();

    const atLimit = await oneWindow(port, 'a', 10_000);
    expect(atLimit).toMatchObject({ unique_events: 10_000, unique_exact: true, distinct_users: 10_000, distinct_users_exact: true });

    const past = await oneWindow(port, 'b', 10_001);
    expect(past).toMatchObject({ events: 10_001, rejected: 0, unique_exact: false, distinct_users_exact: false });
    // An estimate near the truth: HyperLogLog's standard error is near 1 % (DESIGN §3); allow three.
    expect(Math.abs(past.unique_events - 10_001)).toBeLessThan(300);
    expect(Math.abs(past.distinct_users - 10_001)).toBeLessThan(300);
  });
});

describe('one event over time: /api/events and /api/events/{name}', () => {
  it('lists the names of a range with their counts, and gives one event its windows, values, users, gauge and tags', async () => {
    const port = await startListener();
    // One window held open (event time, an hour of lateness), then closed by leaving event-time mode.
    await call(http.url, 'PATCH', '/api/settings', { window_seconds: 3600, event_time: true, lateness_ms: 3_600_000 });
    const ts = Date.now();
    const lines = [
      ...[10, 20, 30, 40].map((v, i) => `{"event":"checkout","value":${v},"user":"u${i % 2}","tags":{"plan":"pro"},"ts":${ts}}`),
      `{"event":"checkout","value":100,"user":"u9","tags":{"plan":"free"},"ts":${ts}}`,
      'queue.depth:7|g',
      'queue.depth:+3|g',
      'Checkout.Retry:1|c',
      'signup',
    ];
    await sendRaw(port, lines.join('\n') + '\n');
    await pollUntil(
      async () => ((await call(http.url, 'GET', '/api/status')).body as Status).totals.events,
      (n) => n === lines.length,
      'every line counted',
    );
    await call(http.url, 'PATCH', '/api/settings', { event_time: false });

    const all = await call(http.url, 'GET', '/api/events');
    expect(all.body).toEqual([
      { event: 'checkout', count: 5 },
      { event: 'queue.depth', count: 2 },
      { event: 'Checkout.Retry', count: 1 },
      { event: 'signup', count: 1 },
    ]);
    expect((await call(http.url, 'GET', '/api/events?q=CHECK&limit=1')).body).toEqual([{ event: 'checkout', count: 5 }]);

    const checkout = await call(http.url, 'GET', '/api/events/checkout');
    expect(checkout.status).toBe(200);
    const busy = checkout.body.windows.filter((w: { count: number }) => w.count > 0);
    expect(busy).toHaveLength(1);
    expect(busy[0]).toMatchObject({ count: 5, distinct_users: 3, distinct_users_exact: true, gauge_last: null, partial: true });
    expect(busy[0].values).toMatchObject({ count: 5, sum: 200, min: 10, max: 100, mean: 40 });
    expect(busy[0].values.p50).toBeCloseTo(30, 0);
    expect(checkout.body.tags).toEqual([
      {
        key: 'plan',
        values: [
          { value: 'pro', count: 4 },
          { value: 'free', count: 1 },
        ],
      },
    ]);
    const gauge = await call(http.url, 'GET', `/api/events/${encodeURIComponent('queue.depth')}`);
    expect(gauge.body.windows.find((w: { count: number }) => w.count > 0).gauge_last).toBe(10);

    const bad = await call(http.url, 'GET', '/api/events?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('limit must be a whole number from 1 to 10000, not "0"');
  });
});

describe('a format forced through POST /api/listener/start', () => {
  it("'plain' counts a JSON line, and a broken one, as plain events named by the whole line", async () => {
    const port = await startListener('plain');
    await sendRaw(port, '{"event":"signup","user":"u1"}\n{"event": "oops"\n');
    const summaries = await pollUntil(
      async () => (await call(http.url, 'GET', '/api/summaries')).body as Summary[],
      (s) => sum(s.map((x) => x.events)) >= 2,
      'the windows holding both lines to close',
    );
    const named: Record<string, number> = {};
    for (const t of summaries.flatMap((s) => s.top_events)) named[t.event] = (named[t.event] ?? 0) + t.count;
    expect(named).toEqual({ '{"event":"signup","user":"u1"}': 1, '{"event": "oops"': 1 });
    expect(sum(summaries.map((s) => s.distinct_users))).toBe(0);
    const { totals } = await getStatus();
    expect(totals).toMatchObject({ events: 2, rejected: 0, rejected_by_reason: {} });
  });

  it("'json' rejects a plain line as invalid_json and still counts the JSON line after it", async () => {
    const port = await startListener('json');
    await sendRaw(port, 'signup\n{"event":"login"}\n');
    const { totals } = await pollUntil(getStatus, (s) => s.totals.lines === 2, 'the engine to read both lines');
    expect(totals).toMatchObject({ events: 1, rejected: 1, rejected_by_reason: { invalid_json: 1 } });
  });
});

describe('limits changed through PATCH /api/settings apply to the running listener', () => {
  it('max_connections: a connection over the new cap is closed at once, the one within it stays', async () => {
    const port = await startListener();
    const kept = await openClient(port);
    await pollUntil(getStatus, (s) => s.connections.length === 1, 'the first connection to show in status');
    await patchSettings({ max_connections: 1 });

    const over = await openClient(port);
    over.on('error', () => {}); // the engine may reset it
    let overClosed = false;
    over.on('close', () => (overClosed = true));
    over.resume();
    await until(() => overClosed, 'the connection over the cap to be closed');

    await writeChunks(kept, ['still-here\n']);
    const status = await pollUntil(getStatus, (s) => s.totals.events === 1, 'the kept connection to be read');
    expect(status.connections).toHaveLength(1);
    await endClient(kept);
  });

  it('max_name_chars: on a connection opened before the change, a longer name is rejected as name_too_long', async () => {
    const port = await startListener();
    const client = await openClient(port);
    await pollUntil(getStatus, (s) => s.connections.length === 1, 'the connection to show in status');
    await patchSettings({ max_name_chars: 5 });
    await writeChunks(client, ['abcde\nabcdef\n{"event":"sixsix"}\nab:1|c\nabcdef:1|c\n']);
    await endClient(client);
    const { totals } = await pollUntil(getStatus, (s) => s.totals.lines === 5, 'the engine to read every line');
    expect(totals).toMatchObject({ events: 2, rejected: 3, rejected_by_reason: { name_too_long: 3 } });
  });
});

describe('from/to over a journal of several windows', () => {
  const HOUR_MS = 3_600_000;
  // A day ago: inside the 30-day retention, and long before any window the engine closes itself.
  const T0 = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 24 * HOUR_MS;
  const records = minuteRecords(T0, 6);
  const at = (minutes: number) => new Date(T0 + minutes * MINUTE_MS).toISOString();
  let journalEngine: EngineClient;
  let journalHttp: HttpServerHandle;

  beforeEach(async () => {
    const dataDir = join(dir.dir, 'journal');
    const journal = await Journal.open(dataDir, { warn: () => {} });
    journal.appendAll(records);
    journal.close();
    journalEngine = await startEngine(dataDir);
    journalHttp = await startHttpServer({ engine: journalEngine, uiDir: join(dir.dir, 'no-ui'), uiPort: 0 });
  });
  afterEach(async () => {
    await journalHttp?.close();
    await journalEngine?.shutdown();
  });

  /** What each of the three routes answers for `query`: the window starts (epoch ms) it holds, and its rows. */
  async function ranged(query: string) {
    const summaries = await call(journalHttp.url, 'GET', `/api/summaries?${query}`);
    expect(summaries.status, summaries.text).toBe(200);
    const sres = await fetch(`${journalHttp.url}/api/export/summaries.csv?${query}`);
    expect(sres.status).toBe(200);
    const srows = csvRows(await sres.text());
    expect(Number(sres.headers.get('x-tallyline-windows'))).toBe(srows.length);
    const eres = await fetch(`${journalHttp.url}/api/export/event_counts.csv?${query}`);
    expect(eres.status).toBe(200);
    const erows = csvRows(await eres.text());
    return {
      summaries: summaries.body as Summary[],
      summariesCsv: srows.map((r) => Date.parse(r.window_start)),
      eventCountsCsv: erows.map((r) => [Date.parse(r.window_start), r.event, Number(r.count)]),
    };
  }

  /** The same three answers for the windows `indexes` of the journal. */
  function expected(indexes: number[]) {
    const picked = indexes.map((i) => records[i]!);
    return {
      summaries: picked.map((r) => r.summary),
      summariesCsv: picked.map((r) => Date.parse(r.summary.window_start)),
      eventCountsCsv: picked.flatMap((r) => r.event_counts.map((c) => [Date.parse(r.summary.window_start), c.event, c.count])),
    };
  }

  const q = (range: { from?: string; to?: string }) => new URLSearchParams(range).toString();

  it('select windows by window_start, from inclusive and to exclusive, alike in /api/summaries and both CSV exports', async () => {
    expect(await ranged(q({ from: at(1), to: at(4) }))).toEqual(expected([1, 2, 3]));
    // Bounds between window starts: a window that started before `from` is out even though it runs past it.
    expect(await ranged(q({ from: at(1.5), to: at(4.5) }))).toEqual(expected([2, 3, 4]));
    expect(await ranged(q({ to: at(2) }))).toEqual(expected([0, 1]));
    expect(await ranged(q({ from: at(5), to: at(6) }))).toEqual(expected([5]));
    expect(await ranged(q({ from: at(3), to: at(3) }))).toEqual(expected([]));
    // Any ISO 8601 offset means the same instant as its UTC spelling.
    const offset = new Date(T0 + 2 * MINUTE_MS + 2 * HOUR_MS).toISOString().replace('Z', '+02:00');
    expect(await ranged(q({ from: offset, to: at(3) }))).toEqual(expected([2]));
  });

  it('tz=<IANA zone> writes the CSV in that zone and reads a from/to without a zone in it; an unknown zone is 400', async () => {
    const zone = 'Asia/Kathmandu'; // +05:45, no daylight saving: the wall clock is the UTC one plus 345 minutes
    const wall = (minutes: number) => new Date(T0 + minutes * MINUTE_MS + 345 * MINUTE_MS).toISOString().slice(0, 16);
    const res = await fetch(`${journalHttp.url}/api/export/summaries.csv?${new URLSearchParams({ tz: zone, from: wall(2), to: wall(4) })}`);
    expect(res.status).toBe(200);
    const starts = csvRows(await res.text()).map((r) => r.window_start);
    expect(starts).toEqual([2, 3].map((i) => formatInZone(T0 + i * MINUTE_MS, zone)));
    expect(starts[0]).toMatch(/\+05:45$/);
    const bad = await call(journalHttp.url, 'GET', '/api/export/summaries.csv?tz=Mars%2FBase');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('tz must be utc, local or a time zone such as Europe/Berlin');
  });
});

describe('the error envelope', () => {
  /**
   * Pins {"error": {"code", "message"}} and nothing else, as JSON, with a status in `statuses` that
   * is the one HTTP_STATUS maps the code to; returns the message.
   */
  function expectEnvelope(res: Awaited<ReturnType<typeof call>>, statuses: readonly number[], code?: ErrorCode): string {
    expect(statuses, res.text).toContain(res.status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ error: { code: code ?? expect.any(String), message: expect.any(String) } });
    expect(isErrorCode(res.body.error.code)).toBe(true);
    expect(HTTP_STATUS[res.body.error.code as ErrorCode]).toBe(res.status);
    const message = res.body.error.message as string;
    expect(message.length).toBeGreaterThan(0);
    // No stack trace, nor a source file of ours, in what a caller reads.
    expect(message).not.toMatch(/\n\s*at |\bat \S+ \(|\.[cm]?[jt]s:\d+|node:internal/);
    return message;
  }

  const SERVER_ERROR = [500, 501, 502, 503, 504];

  const RANGED = ['/api/summaries', '/api/export/summaries.csv', '/api/export/event_counts.csv'];

  it('from after to is 400 BAD_REQUEST on /api/summaries and both CSV exports', async () => {
    for (const path of RANGED) {
      const res = await call(http.url, 'GET', `${path}?from=2025-11-29T12:05:00Z&to=2025-11-29T12:00:00Z`);
      expect(expectEnvelope(res, [400], 'BAD_REQUEST'), path).toMatch(/from.*to/);
    }
  });

  it('an unparseable from or to is 400 BAD_REQUEST naming the value, on all three routes', async () => {
    for (const path of RANGED) {
      expect(expectEnvelope(await call(http.url, 'GET', `${path}?from=yesterday`), [400], 'BAD_REQUEST'), path).toContain('yesterday');
      expect(expectEnvelope(await call(http.url, 'GET', `${path}?to=2025-13-45T99:00:00Z`), [400], 'BAD_REQUEST'), path).toContain(
        '2025-13-45',
      );
    }
  });

  it('a stopped engine is 503 ENGINE_DOWN, with the envelope and no stack trace', async () => {
    await engine.shutdown();
    expectEnvelope(await call(http.url, 'GET', '/api/status'), [503], 'ENGINE_DOWN');
    expectEnvelope(await call(http.url, 'POST', '/api/listener/start', { host: '127.0.0.1', port: 0 }), [503], 'ENGINE_DOWN');
  });

  it('a journal that cannot be read is a 5xx with the envelope and no stack trace, on all three routes', async () => {
    // The summaries file turned into a folder: open() succeeds, every read of it fails (EISDIR).
    const data = join(dir.dir, 'data');
    await rename(join(data, 'summaries.jsonl'), join(data, 'summaries.jsonl.moved'));
    await mkdir(join(data, 'summaries.jsonl'));
    for (const path of RANGED) {
      const message = expectEnvelope(await call(http.url, 'GET', path), SERVER_ERROR, 'JOURNAL_READ_FAILED');
      expect(message).toContain(`Could not read the journal in ${data}`);
    }
  });
});

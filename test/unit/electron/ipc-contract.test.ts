// The desktop IPC contract end to end, without an Electron binary: the real preload (through a
// fake contextBridge) and the real main-process bridge (handlers, sender check, validation, push
// relay, export through the save dialog) wired over an in-memory ipcMain/ipcRenderer pair, driving
// the real engine in its worker thread over real TCP and real files. Calls go through the
// renderer's decoding wrapper, as the UI makes them.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Api, ExportProgress, LinkState } from '../../../src-shared/api';
import type { EventCount, Snapshot } from '../../../src-shared/types';
import { EngineClient } from '../../../src-main/engine/worker/client';
import { AppSettingsStore } from '../../../src-main/electron/app-settings';
import { connectEngine, type EngineBridge } from '../../../src-main/electron/engine-bridge';
import { askExportFile } from '../../../src-main/electron/export-dialog';
import { createPreloadApi } from '../../../src-main/electron/preload-api';
import { decodeBridgedErrors } from '../../../src-shared/bridged-errors';
import { createTsWorker } from '../../support/ts-worker';
import { connectRefused, sendAndClose, until } from '../../support/tcp';
import { APP_PAGE, asIpcMain, asIpcRenderer, asWebContents, fake, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fake.module);

const workerUrl = new URL('../../../src-main/engine/worker/engine-worker.ts', import.meta.url);
let dir: string;
let engine: EngineClient;
let settings: AppSettingsStore;
let bridge: EngineBridge;
/** window.tallyline as the page sees it, past the (fake) contextBridge. */
let exposed: Api;
/** What the UI calls: `exposed` through the renderer's bridge. */
let api: Api;
const warnings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-ipc-'));
  fake.paths.downloads = dir;
  engine = await EngineClient.start({
    dataDir: join(dir, 'journal'),
    createWorker: (o) => createTsWorker(workerUrl, o),
    log: () => {},
  });
  settings = await AppSettingsStore.open(dir);
  bridge = connectEngine({
    ipcMain: asIpcMain(fake.ipcMain),
    engine,
    settings,
    appPage: APP_PAGE,
    trustedContents: () => asWebContents(fake.appContents),
    chooseExportFile: (req) => askExportFile(null, req),
    log: (_level, message) => warnings.push(message),
  });
  await import('../../../src-main/electron/preload');
  exposed = fake.mainWorld.tallyline as Api;
  api = decodeBridgedErrors(exposed);
});

afterAll(async () => {
  bridge?.dispose();
  await engine?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function countsByEvent(lists: EventCount[][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const list of lists) for (const { event, count } of list) out[event] = (out[event] ?? 0) + count;
  return out;
}

describe('the preload exposes the Api and nothing else', () => {
  it('has one function per Api member and no ipcRenderer', () => {
    expect(Object.keys(exposed).sort()).toEqual(
      [
        'cluster',
        'dropConnection',
        'event',
        'events',
        'exportCsv',
        'getSettings',
        'onExportProgress',
        'onLink',
        'onSnapshot',
        'startListener',
        'status',
        'stopListener',
        'summaries',
        'updateSettings',
      ].sort(),
    );
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(Object.keys(fake.mainWorld)).toEqual(['tallyline']);
  });

  it('answers cluster(), the IPC twin of GET /api/cluster: off and alone outside a cluster', async () => {
    expect(await api.cluster()).toMatchObject({ mode: 'off', connected: false, servers: [], node: null, nodes: [], partials: 0 });
  });

  it('reports the link open at once', () => {
    const states: LinkState[] = [];
    api.onLink((s) => states.push(s))();
    expect(states).toEqual(['open']);
  });
});

describe('the engine driven through window.tallyline', () => {
  it('starts the listener, counts TCP events exactly in pushed snapshots, exports to a file, stops', async () => {
    expect(await api.updateSettings({ window_seconds: 1 })).toMatchObject({ window_seconds: 1 });

    const snapshots: Snapshot[] = [];
    const callbackArity: number[] = [];
    const off = api.onSnapshot((...args: unknown[]) => {
      callbackArity.push(args.length);
      snapshots.push(args[0] as Snapshot);
    });

    const state = await api.startListener({ host: '127.0.0.1', port: 0 });
    if (state.state !== 'listening') throw new Error(`not listening: ${JSON.stringify(state)}`);
    expect(state).toMatchObject({ host: '127.0.0.1', format: 'auto' });

    // 6 lines: 5 accepted worth 6 events (a StatsD counter of 2 counts twice), 1 rejected.
    await sendAndClose(state.port, ['signup\nsign', 'up\nlogin\n{"event":"buy","user":"u1"}\nlogins:2|c\nbad:x|c\n']);

    const live = await until(() => snapshots.find((s) => s.totals.lines === 6), 'a pushed snapshot with every line');
    expect(live.totals).toMatchObject({ events: 6, lines: 6, rejected: 1 });
    expect(live.totals.rejected_by_reason).toEqual({ invalid_statsd_value: 1 });
    expect(live.listener).toEqual({ state: 'listening', host: '127.0.0.1', port: state.port, format: 'auto', transport: 'both' });
    expect(live.rejects[0]).toMatchObject({ reason: 'invalid_statsd_value', line: 'bad:x|c' });

    // The closed 1 s windows ride in snapshot.closed; none may be lost between pushes.
    const closedEvents = () => snapshots.flatMap((s) => s.closed).reduce((n, s) => n + s.events, 0);
    await until(() => closedEvents() === 6, 'closed windows holding every event');
    expect(countsByEvent(snapshots.flatMap((s) => s.closed).map((s) => s.top_events))).toEqual({
      signup: 2,
      logins: 2,
      login: 1,
      buy: 1,
    });
    expect(new Set(callbackArity)).toEqual(new Set([1]));
    off();
    expect(fake.appContents.renderer.listenerCount('tallyline:push:snapshot')).toBe(0);

    const progress: ExportProgress[] = [];
    const offProgress = api.onExportProgress((p) => progress.push(p));
    const file = join(dir, 'summaries.csv');
    fake.saveDialog.next = { canceled: false, filePath: file };
    const result = await api.exportCsv({ what: 'summaries' });
    expect(result.file).toBe(file);
    expect(result.bytes).toBe(statSync(file).size);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(result.rows);
    expect(rows.reduce((n, r) => n + Number(r.events), 0)).toBe(6);
    await until(() => progress.some((p) => p.done && p.what === 'summaries'), 'the final export progress push');
    offProgress();

    const countsFile = join(dir, 'event_counts.csv');
    fake.saveDialog.next = { canceled: false, filePath: countsFile };
    await api.exportCsv({ what: 'event_counts' });
    const counts = parse(readFileSync(countsFile, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(countsByEvent([counts.map((r) => ({ event: r.event!, count: Number(r.count) }))])).toEqual({
      signup: 2,
      logins: 2,
      login: 1,
      buy: 1,
    });

    // One event over time, through the IPC twins of /api/events and /api/events/{name}.
    expect(await api.events({})).toEqual([
      { event: 'logins', count: 2 },
      { event: 'signup', count: 2 },
      { event: 'buy', count: 1 },
      { event: 'login', count: 1 },
    ]);
    const buy = await api.event({ name: 'buy' });
    expect(buy.windows.filter((w) => w.count > 0)).toEqual([
      expect.objectContaining({ count: 1, distinct_users: 1, distinct_users_exact: true }),
    ]);
    await expect(api.event({ name: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    fake.saveDialog.next = { canceled: true };
    expect(await api.exportCsv({ what: 'summaries' })).toEqual({ file: null, rows: 0, bytes: 0 });

    expect(await api.stopListener()).toEqual({ state: 'stopped' });
    expect(await connectRefused(state.port)).toBe(true);

    await settings.flush();
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(saved.listener).toEqual({ host: '127.0.0.1', port: 0, format: 'auto', autostart: false });
    expect(saved.engine.window_seconds).toBe(1);
  });
});

describe('the sender check', () => {
  it('refuses another webContents even when it shows the app page, and nothing reaches the engine', async () => {
    const foreign = new FakeWebContents(fake.ipcMain, APP_PAGE);
    const foreignApi = createPreloadApi(asIpcRenderer(foreign.renderer));
    await expect(foreignApi.startListener({ host: '127.0.0.1', port: 0 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'startListener refused: the call did not come from the Tallyline window',
    });
    await expect(foreignApi.cluster()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.status()).listener).toEqual({ state: 'stopped' });
    expect(warnings.at(-1)).toContain(`refused cluster from ${APP_PAGE}`);
  });

  it('refuses the app window once it shows another page, and a subframe of the app page', async () => {
    fake.appContents.frame.url = 'https://example.com/index.html';
    await expect(api.status()).rejects.toThrow('status refused');
    fake.appContents.frame.url = APP_PAGE;
    fake.appContents.frame.parent = { url: APP_PAGE, parent: null };
    await expect(api.status()).rejects.toThrow('status refused');
    fake.appContents.frame.parent = null;
    expect((await api.status()).listener.state).toBe('stopped');
  });
});

describe('error codes across contextBridge', () => {
  it('carries a taken port as EADDRINUSE to the UI, with the sentence and no prefix', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    const sentence = `port ${taken} is already in use on 127.0.0.1`;
    try {
      // What crosses the bridge: message only, the code inside it.
      const crossed: unknown = await exposed.startListener({ host: '127.0.0.1', port: taken }).catch((e: unknown) => e);
      expect(crossed).toBeInstanceOf(Error);
      expect(crossed).not.toHaveProperty('code');
      expect((crossed as Error).message).toBe(`[EADDRINUSE] ${sentence}`);

      const err: unknown = await api.startListener({ host: '127.0.0.1', port: taken }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ code: 'EADDRINUSE', message: sentence });
      expect((await api.status()).listener).toMatchObject({ state: 'error', code: 'EADDRINUSE' });
    } finally {
      await new Promise((r) => blocker.close(r));
      // The later tests expect a stopped listener, not this error state.
      await api.stopListener();
    }
  });

  it('gives the UI the code of a refused payload and of a refused sender', async () => {
    await expect(api.startListener({ host: '127.0.0.1', port: -1 })).rejects.toMatchObject({
      code: 'BAD_PORT',
      message: expect.not.stringMatching(/^\[/),
    });
    fake.appContents.frame.url = 'https://example.com/index.html';
    try {
      await expect(api.status()).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'status refused: the call did not come from the Tallyline window',
      });
    } finally {
      fake.appContents.frame.url = APP_PAGE;
    }
  });
});

describe('payload validation', () => {
  it('answers bad payloads with errors that say what is wrong, and the engine keeps its state', async () => {
    const bad: [Promise<unknown>, string][] = [
      [api.startListener({ host: '127.0.0.1', port: 70000 }), 'port must be a whole number from 0 to 65535, not 70000'],
      [api.startListener({ host: 'no such host/', port: 9 }), 'host must be an IP address or a host name'],
      [api.updateSettings({ window_seconds: 0 }), 'window_seconds must be a whole number from 1 to 3600, not 0'],
      [api.updateSettings({ nope: 1 } as never), 'unknown setting "nope"'],
      [api.updateSettings({ cluster_node: 'no spaces' }), 'cluster_node must be 1 to 64 letters, digits, - or _, not "no spaces"'],
      [api.dropConnection('../etc/passwd'), 'not a connection id'],
      [api.summaries({ from: 'yesterday' }), 'from must be an ISO 8601 time'],
      [api.exportCsv({ what: 'everything' } as never), 'what must be summaries or event_counts'],
    ];
    const shown = fake.saveDialog.shown;
    for (const [call, message] of bad) await expect(call).rejects.toThrow(message);
    expect(fake.saveDialog.shown).toBe(shown);
    expect(await api.getSettings()).toMatchObject({ window_seconds: 1 });
  });

  it('keeps the error code in the preload world and refuses extra arguments', async () => {
    const isolated = createPreloadApi(asIpcRenderer(fake.appContents.renderer));
    await expect(isolated.startListener({ host: '127.0.0.1', port: -1 })).rejects.toMatchObject({ code: 'BAD_PORT' });
    await expect(isolated.dropConnection('c-404')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await fake.appContents.renderer.invoke('tallyline:cmd:status', 1, 2)).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'status takes at most one argument, not 2' },
    });
    for (const name of ['stopListener', 'cluster']) {
      expect(await fake.appContents.renderer.invoke(`tallyline:cmd:${name}`, { force: true })).toEqual({
        ok: false,
        error: { code: 'BAD_REQUEST', message: `${name} takes no argument` },
      });
    }
  });

  it('fails an export to a folder that does not exist with a sentence, and leaves no file', async () => {
    const file = join(dir, 'no-such-folder', 'out.csv');
    fake.saveDialog.next = { canceled: false, filePath: file };
    await expect(api.exportCsv({ what: 'summaries' })).rejects.toThrow(`could not write ${file}: ENOENT`);
    expect(existsSync(file)).toBe(false);
    expect((await api.status()).listener.state).toBe('stopped');
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSettingsStore, DEFAULT_APP_SETTINGS, SETTINGS_FILE } from '../../../src-main/electron/app-settings';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';

let dir: string;
let warnings: string[];
const warn = (m: string) => warnings.push(m);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-settings-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeRaw(value: unknown): void {
  writeFileSync(join(dir, SETTINGS_FILE), typeof value === 'string' ? value : JSON.stringify(value));
}

describe('AppSettingsStore', () => {
  it('starts from the defaults when there is no file yet, silently', async () => {
    const store = await AppSettingsStore.open(dir, warn);
    expect(store.get()).toEqual(DEFAULT_APP_SETTINGS);
    expect(warnings).toEqual([]);
  });

  it('remembers listener, engine settings and window across a reopen', async () => {
    const store = await AppSettingsStore.open(dir, warn);
    await store.update({ listener: { host: '0.0.0.0', port: 8125, format: 'statsd', autostart: true } });
    await store.update({ engine: { window_seconds: 10, max_connections: 50 } });
    await store.update({ window: { x: 5, y: 6, width: 900, height: 700, maximized: true } });
    const again = await AppSettingsStore.open(dir, warn);
    expect(again.get()).toEqual({
      listener: { host: '0.0.0.0', port: 8125, format: 'statsd', autostart: true },
      engine: { ...DEFAULT_SETTINGS, window_seconds: 10, max_connections: 50 },
      window: { x: 5, y: 6, width: 900, height: 700, maximized: true },
    });
    expect(warnings).toEqual([]);
  });

  it('hands out copies: changing one does not change the store', async () => {
    const store = await AppSettingsStore.open(dir, warn);
    store.get().listener.port = 1;
    expect(store.get().listener.port).toBe(9000);
  });

  it('replaces each damaged part by its default, keeps the good ones, and says which', async () => {
    writeRaw({
      listener: { host: 'bad host/', port: 70000, format: 'xml', autostart: 'yes' },
      engine: { window_seconds: 0, top_n: 50, bogus: true },
      window: { x: 'left' },
    });
    const store = await AppSettingsStore.open(dir, warn);
    expect(store.get()).toEqual({
      listener: DEFAULT_APP_SETTINGS.listener,
      engine: { ...DEFAULT_SETTINGS, top_n: 50 },
      window: null,
    });
    expect(warnings.map((w) => w.split(' (')[0])).toEqual([
      'settings: ignoring engine.window_seconds',
      'settings: ignoring engine.bogus',
      'settings: ignoring listener.host',
      'settings: ignoring listener.port',
      'settings: ignoring listener.format',
      'settings: ignoring window',
    ]);
  });

  it('keeps a file that is not JSON aside instead of overwriting it', async () => {
    writeRaw('{"listener": {"port": 81');
    const store = await AppSettingsStore.open(dir, warn);
    expect(store.get()).toEqual(DEFAULT_APP_SETTINGS);
    expect(readFileSync(join(dir, `${SETTINGS_FILE}.unreadable`), 'utf8')).toBe('{"listener": {"port": 81');
    expect(warnings[0]).toContain('is not valid JSON');
    await store.update({ listener: { port: 9001 } });
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')).listener.port).toBe(9001);
  });

  it('applies the last of several quick updates, and leaves no temporary file', async () => {
    const store = await AppSettingsStore.open(dir, warn);
    for (let port = 1; port <= 20; port++) void store.update({ listener: { port } });
    await store.flush();
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')).listener.port).toBe(20);
    expect(existsSync(join(dir, `${SETTINGS_FILE}.tmp`))).toBe(false);
  });

  it('warns and keeps working in memory when the file cannot be written', async () => {
    const store = await AppSettingsStore.open(dir, warn);
    // A directory where the temporary file goes makes the write fail, even for root.
    mkdirSync(join(dir, `${SETTINGS_FILE}.tmp`));
    await store.update({ listener: { port: 1234 } });
    expect(store.get().listener.port).toBe(1234);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cannot save');
    expect(existsSync(join(dir, SETTINGS_FILE))).toBe(false);
  });
});

// What the desktop app remembers between launches, as one JSON file in Electron's userData: the
// listener the user last chose (and whether it should start with the app), the engine settings and
// the window's place. A damaged file never stops the app: each part that does not validate falls
// back to its default with a warning, and an unreadable file is kept aside, not overwritten.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { type LineFormat } from '../../src-shared/types';
import { validateFormat, validateHost, validatePort, validateSettingsPatch } from '../engine/index';
import { sanitizeWindowPlace, type WindowPlace } from './window-bounds';

export interface ListenerPrefs {
  /** Interface to listen on. Default 127.0.0.1 (local only). */
  host: string;
  /** TCP port; 0 picks a free one. Default 9000. */
  port: number;
  /** Line format. Default 'auto'. */
  format: LineFormat;
  /** Start listening when the app starts: true after the user started it, false after they stopped it. Default false. */
  autostart: boolean;
}

export interface AppSettings {
  listener: ListenerPrefs;
  /** Engine settings (window size, limits). Default DEFAULT_SETTINGS. */
  engine: Settings;
  /** Where the window was; null lets the window open at its default size, centred. Default null. */
  window: WindowPlace | null;
}

export interface AppSettingsPatch {
  listener?: Partial<ListenerPrefs>;
  engine?: Partial<Settings>;
  window?: WindowPlace | null;
}

export const DEFAULT_APP_SETTINGS: Readonly<AppSettings> = Object.freeze({
  listener: Object.freeze({ host: '127.0.0.1', port: 9000, format: 'auto' as LineFormat, autostart: false }),
  engine: DEFAULT_SETTINGS,
  window: null,
});

export const SETTINGS_FILE = 'settings.json';

type Warn = (message: string) => void;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Runs one check; a failure becomes a warning and the default. */
function orDefault<T>(part: string, fallback: T, check: () => T, warn: Warn): T {
  try {
    return check();
  } catch (err) {
    warn(`settings: ignoring ${part} (${(err as Error).message}); using the default`);
    return fallback;
  }
}

/** Reads what a settings file holds, part by part; anything invalid takes its default. */
export function parseAppSettings(raw: unknown, warn: Warn): AppSettings {
  const d = DEFAULT_APP_SETTINGS;
  const root = isObject(raw) ? raw : {};
  const listener = isObject(root.listener) ? root.listener : {};
  const engine = isObject(root.engine) ? root.engine : {};
  const engineSettings: Partial<Settings> = {};
  // Field by field, so one bad limit does not reset the others.
  for (const [key, value] of Object.entries(engine)) {
    Object.assign(
      engineSettings,
      orDefault(`engine.${key}`, {}, () => validateSettingsPatch({ [key]: value }), warn),
    );
  }
  return {
    listener: {
      host: orDefault('listener.host', d.listener.host, () => validateHost(listener.host ?? d.listener.host), warn),
      port: orDefault('listener.port', d.listener.port, () => validatePort(listener.port ?? d.listener.port), warn),
      format: orDefault('listener.format', d.listener.format, () => validateFormat(listener.format), warn),
      autostart: listener.autostart === true,
    },
    engine: { ...DEFAULT_SETTINGS, ...engineSettings },
    window: root.window == null ? null : orDefault('window', null, () => sanitizeWindowPlace(root.window), warn),
  };
}

/** The settings file of one app: read once, kept in memory, written whole and atomically on each change. */
export class AppSettingsStore {
  readonly file: string;
  private current: AppSettings;
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    file: string,
    initial: AppSettings,
    private readonly warn: Warn,
  ) {
    this.file = file;
    this.current = initial;
  }

  /** Opens `dir/settings.json` (missing: defaults). `warn` (default console.warn) hears about damaged parts. */
  static async open(dir: string, warn: Warn = (m) => console.warn(m)): Promise<AppSettingsStore> {
    const file = join(dir, SETTINGS_FILE);
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        warn(`settings: cannot read ${file} (${(err as Error).message}); using defaults`);
    }
    let raw: unknown = {};
    if (text !== null) {
      try {
        raw = JSON.parse(text);
      } catch {
        const aside = `${file}.unreadable`;
        warn(`settings: ${file} is not valid JSON; kept as ${aside}, using defaults`);
        await rename(file, aside).catch(() => {});
      }
    }
    return new AppSettingsStore(file, parseAppSettings(raw, warn), warn);
  }

  get(): AppSettings {
    return structuredClone(this.current);
  }

  /** Applies `patch` in memory at once; the write follows (see flush). A failed write is a warning, not an error. */
  update(patch: AppSettingsPatch): Promise<void> {
    const next = structuredClone(this.current);
    if (patch.listener) next.listener = { ...next.listener, ...patch.listener };
    if (patch.engine) next.engine = { ...next.engine, ...patch.engine };
    if (patch.window !== undefined) next.window = patch.window;
    this.current = next;
    const text = `${JSON.stringify(next, null, 2)}\n`;
    this.writes = this.writes.then(() => this.write(text));
    return this.writes;
  }

  /** Resolves once every update so far is on disk (or has failed with a warning). */
  flush(): Promise<void> {
    return this.writes;
  }

  private async write(text: string): Promise<void> {
    // Write-then-rename: a crash mid-write leaves the previous file, never half a file.
    const tmp = `${this.file}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, this.file);
    } catch (err) {
      this.warn(`settings: cannot save ${this.file} (${(err as Error).message})`);
    }
  }
}

// An in-memory stand-in for the parts of the `electron` module that the IPC contract touches, for
// `vi.mock('electron')` (there is no Electron binary on CI). It keeps the behaviours the app relies
// on: arguments, replies and pushes are structured-cloned as Electron's IPC does; ipcMain.handle
// refuses a second handler per channel; contextBridge proxies functions and copies everything else,
// and a rejected Error crosses it with its message only (custom properties such as `code` are
// dropped, as Electron documents).
import { EventEmitter } from 'node:events';
import type { EngineBridgeOptions } from '../../../src-main/electron/engine-bridge';
import type { IpcRendererLike } from '../../../src-main/electron/preload-api';

// Electron's own listener type takes any[].
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: any, ...args: any[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

/** The renderer side of one page: what its preload gets as `ipcRenderer`. */
export class FakeIpcRenderer extends EventEmitter {
  constructor(private readonly contents: FakeWebContents) {
    super();
  }
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.contents.ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event = { sender: this.contents, senderFrame: this.contents.frame, processId: 1, frameId: 1, type: 'frame' };
    const reply = await handler(event, ...structuredClone(args));
    return structuredClone(reply);
  }
}

// The fakes as the Electron types the app is written against (Electron's declare richer events
// and `this` return types; the app uses only what the fakes have).
export function asIpcMain(fake: FakeIpcMain): EngineBridgeOptions['ipcMain'] {
  return fake as unknown as EngineBridgeOptions['ipcMain'];
}
export function asIpcRenderer(fake: FakeIpcRenderer): IpcRendererLike {
  return fake as unknown as IpcRendererLike;
}
export function asWebContents(fake: FakeWebContents): ReturnType<EngineBridgeOptions['trustedContents']> {
  return fake as unknown as ReturnType<EngineBridgeOptions['trustedContents']>;
}

/** A page's webContents: `send` reaches its renderer's listeners, asynchronously, with cloned payloads. */
export class FakeWebContents extends EventEmitter {
  readonly renderer: FakeIpcRenderer;
  readonly frame: FakeFrame;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  constructor(
    readonly ipcMain: FakeIpcMain,
    url: string,
  ) {
    super();
    this.renderer = new FakeIpcRenderer(this);
    this.frame = { url, parent: null };
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    setImmediate(() => this.renderer.emit(channel, { sender: this.renderer }, ...copy));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Copies a value from the isolated world to the main world the way contextBridge does. */
function acrossBridge(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => {
      let result: unknown;
      try {
        result = fn(...args.map(acrossBridge));
      } catch (err) {
        throw errorAcrossBridge(err);
      }
      return acrossBridge(result);
    };
  }
  if (value instanceof Promise) return value.then(acrossBridge, (err) => Promise.reject(errorAcrossBridge(err)));
  if (value instanceof Error) return errorAcrossBridge(value);
  if (Array.isArray(value)) return value.map(acrossBridge);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossBridge(v)]));
  }
  return value;
}

function errorAcrossBridge(err: unknown): unknown {
  return err instanceof Error ? new Error(err.message) : structuredClone(err);
}

export const APP_PAGE = 'file:///opt/Tallyline/resources/app.asar/out/renderer/index.html';

export interface SaveChoice {
  canceled: boolean;
  filePath?: string;
}

/** The fake module and the handles a test steers it with. */
export function createFakeElectron() {
  const ipcMain = new FakeIpcMain();
  const appContents = new FakeWebContents(ipcMain, APP_PAGE);
  const mainWorld: Record<string, unknown> = {};
  const paths: Record<string, string> = {};
  const saveDialog = { next: { canceled: true } as SaveChoice, shown: 0 };
  const module = {
    ipcMain,
    ipcRenderer: appContents.renderer,
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
        mainWorld[key] = acrossBridge(api);
      },
    },
    app: {
      getPath(name: string): string {
        const p = paths[name];
        if (!p) throw new Error(`Failed to get '${name}' path`);
        return p;
      },
    },
    dialog: {
      async showSaveDialog(...args: unknown[]): Promise<SaveChoice> {
        if (args.length === 0) throw new TypeError('showSaveDialog needs options');
        saveDialog.shown += 1;
        return { ...saveDialog.next };
      },
    },
  };
  return { module, ipcMain, appContents, mainWorld, paths, saveDialog };
}

export const fake = createFakeElectron();

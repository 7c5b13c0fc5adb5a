// The rest of the `electron` module that the main process's wiring (index.ts) touches: the app
// lifecycle, BrowserWindow, Menu, session, screen and dialogs, in memory and recorded, on top of
// the IPC fakes. Lifecycle rules kept: `before-quit` can be prevented, a BrowserWindow announces
// its webContents with `web-contents-created`, and a window shows only when told to.
import { EventEmitter } from 'node:events';
import { createFakeElectron, FakeWebContents } from './fake-electron';

export interface QuitEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

const WORK_AREA = { x: 0, y: 0, width: 1920, height: 1050 };

/** Set app.setPath('userData', dir) before the main process starts (the downloads folder follows). */
export function createFakeElectronApp() {
  const base = createFakeElectron();
  const paths: Record<string, string> = {};
  const errorBoxes: { title: string; message: string }[] = [];
  const menus: unknown[] = [];
  const windows: FakeBrowserWindow[] = [];

  class FakeApp extends EventEmitter {
    isPackaged = false;
    hasLock = true;
    quitCalls = 0;
    quitDone = false;
    exitCode: number | null = null;
    whenReady(): Promise<void> {
      return Promise.resolve();
    }
    getPath(name: string): string {
      const p = paths[name] ?? (name === 'downloads' || name === 'home' ? paths.userData : undefined);
      if (!p) throw new Error(`Failed to get '${name}' path`);
      return p;
    }
    setPath(name: string, value: string): void {
      paths[name] = value;
    }
    requestSingleInstanceLock(): boolean {
      return this.hasLock;
    }
    setAppUserModelId(): void {}
    quit(): void {
      this.quitCalls += 1;
      const event: QuitEvent = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      this.emit('before-quit', event);
      if (event.defaultPrevented) return;
      for (const w of [...windows]) w.close();
      this.quitDone = true;
      this.emit('will-quit');
    }
    exit(code = 0): void {
      this.exitCode = code;
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents: FakeWebContents;
    visible = false;
    maximized = false;
    focused = 0;
    destroyed = false;
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown> & { width: number; height: number; x?: number; y?: number }) {
      super();
      this.webContents = new FakeWebContents(base.ipcMain, 'about:blank');
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return [...windows];
    }
    async loadURL(url: string): Promise<void> {
      this.loaded = url;
      this.webContents.frame.url = url;
    }
    show(): void {
      this.visible = true;
    }
    focus(): void {
      this.focused += 1;
    }
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    getNormalBounds() {
      const { x = 100, y = 100, width, height } = this.options;
      return { x, y, width, height };
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    close(): void {
      if (this.destroyed) return;
      this.emit('close', { preventDefault() {} });
      this.destroyed = true;
      this.webContents.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
    }
  }

  const session = {
    headerHooks: [] as ((details: unknown, callback: (r: unknown) => void) => void)[],
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    webRequest: {
      onHeadersReceived(listener: (details: unknown, callback: (r: unknown) => void) => void) {
        session.headerHooks.push(listener);
      },
    },
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      session.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      session.permissionCheck = handler;
    },
  };

  const module = {
    ...base.module,
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    session: { defaultSession: session },
    screen: {
      getPrimaryDisplay: () => ({ workArea: WORK_AREA }),
      getAllDisplays: () => [{ workArea: WORK_AREA }],
    },
    dialog: {
      ...base.module.dialog,
      showErrorBox: (title: string, message: string) => errorBoxes.push({ title, message }),
    },
  };
  return { ...base, module, app, windows, session, menus, errorBoxes };
}

export type FakeElectronApp = ReturnType<typeof createFakeElectronApp>;

/** The instance `vi.mock('electron')` hands to the main process in a test file. */
export const fakeApp = createFakeElectronApp();

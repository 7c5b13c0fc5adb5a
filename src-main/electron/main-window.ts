// The one window and its locks: isolated, sandboxed renderer without Node, a strict CSP, no
// navigation away from the app, no new windows, no webviews, no permissions; it appears only once
// painted and remembers where it was.
import { BrowserWindow, screen, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from './trusted-page';
import { MIN_WINDOW_SIZE, restoreBounds, type WindowPlace } from './window-bounds';

export interface MainWindowOptions {
  /** URL of the app's page (see appPageUrl). */
  appPage: string;
  /** Absolute path of the built preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** Where the window was last time; null opens it at the default size, centred. */
  saved: WindowPlace | null;
  /** Called as the window closes, with the place to remember. */
  onClose: (place: WindowPlace) => void;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const bounds = restoreBounds(opts.saved, [screen.getPrimaryDisplay().workArea, ...screen.getAllDisplays().map((d) => d.workArea)]);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Tallyline',
    backgroundColor: '#14161a',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => {
    if (opts.saved?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => opts.onClose(windowPlace(win)));
  void win.loadURL(opts.appPage);
  return win;
}

/** What to remember of a window: its unmaximised bounds and whether it is maximised. */
export function windowPlace(win: BrowserWindow): WindowPlace {
  return { ...win.getNormalBounds(), maximized: win.isMaximized() };
}

/** Applied to every webContents the app creates: nothing may leave the app's page. */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The CSP header on every response, and every permission (camera, notifications, …) refused. */
export function lockDownSession(session: Session, appPage: string): void {
  const csp = contentSecurityPolicy(appPage);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Brings the window to the front (a second launch of the app does this instead of opening one). */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

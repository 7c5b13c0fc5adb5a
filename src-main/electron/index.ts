// Electron main process: wiring only. One instance, one window, the engine in its worker, the
// IPC bridge between them, the menu; on quit the engine writes its open window to the journal
// before the process ends.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { StartListenerRequest } from '../../src-shared/api';
import type { ListenerState, LogFn } from '../../src-shared/types';
import { toErrorBody } from '../../src-shared/errors';
import createEngineWorker from '../engine/worker/engine-worker?nodeWorker';
import { appMenuTemplate } from './app-menu';
import { AppSettingsStore } from './app-settings';
import { startEngineOnFreeFolder } from './data-folder';
import { connectEngine, type EngineBridge } from './engine-bridge';
import { askExportFile } from './export-dialog';
import { createMainWindow, focusWindow, lockDownContents, lockDownSession, windowPlace } from './main-window';
import { appPageUrl } from './trusted-page';

const log: LogFn = (level, message) => console.error(`[tallyline ${level}] ${message}`);

let win: BrowserWindow | null = null;

function showError(title: string, err: unknown): void {
  dialog.showErrorBox(title, toErrorBody(err).message);
}

async function main(): Promise<void> {
  app.on('second-instance', () => focusWindow(win));
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  await app.whenReady();

  const userData = app.getPath('userData');
  const settings = await AppSettingsStore.open(userData, (m) => log('warn', m));
  const engine = await startEngineOnFreeFolder({
    dataDir: join(userData, 'journal'),
    settings: settings.get().engine,
    createWorker: createEngineWorker,
    log,
    owner: 'the Tallyline desktop app',
  });
  if (engine === null) {
    app.exit(0);
    return;
  }

  const appPage = appPageUrl({
    rendererDir: join(import.meta.dirname, '../renderer'),
    devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  });
  lockDownSession(session.defaultSession, appPage);

  const openWindow = () => {
    win = createMainWindow({
      appPage,
      preloadPath: join(import.meta.dirname, '../preload/preload.cjs'),
      saved: settings.get().window,
      onClose: (place) => void settings.update({ window: place }),
    });
    win.on('closed', () => (win = null));
  };

  const bridge: EngineBridge = connectEngine({
    ipcMain,
    engine,
    settings,
    appPage,
    trustedContents: () => (win && !win.isDestroyed() ? win.webContents : null),
    chooseExportFile: (req) => askExportFile(win, req),
    log,
  });

  const rememberedListener = (): StartListenerRequest => {
    const { host: address, port, format } = settings.get().listener;
    return { host: address, port, format };
  };

  let listener: ListenerState = { state: 'stopped' };
  const refreshMenu = () => {
    const prefs = settings.get().listener;
    const template = appMenuTemplate(
      { isMac: process.platform === 'darwin', listening: listener.state === 'listening', host: prefs.host, port: prefs.port },
      {
        startListening: () =>
          void bridge.commands.startListener(rememberedListener()).catch((e) => showError('Could not start listening', e)),
        stopListening: () => void bridge.commands.stopListener().catch((e) => showError('Could not stop listening', e)),
        exportCsv: (what) => void bridge.commands.exportCsv({ what }).catch((e) => showError('Export failed', e)),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  engine.onSnapshot((s) => {
    if (s.listener.state !== listener.state) {
      listener = s.listener;
      refreshMenu();
    }
  });
  refreshMenu();

  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  if (settings.get().listener.autostart) {
    bridge.commands
      .startListener(rememberedListener())
      .catch((e) => log('warn', `autostart of the listener failed: ${toErrorBody(e).message}`));
  }

  // Quitting waits for the engine: it stops the listener and journals the open window as partial.
  let quit: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (quit === 'done') return;
    event.preventDefault();
    if (quit === 'stopping') return;
    quit = 'stopping';
    // The window closes only after this handler lets the quit through: remember its place now.
    if (win && !win.isDestroyed()) void settings.update({ window: windowPlace(win) });
    void (async () => {
      bridge.dispose();
      await engine.shutdown().catch((e) => log('error', `engine shutdown: ${toErrorBody(e).message}`));
      await settings.flush();
      quit = 'done';
      app.quit();
    })();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

// A separate profile (settings, journal, single-instance lock) for tests and side-by-side runs.
if (process.env.TALLYLINE_USER_DATA) app.setPath('userData', process.env.TALLYLINE_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  // Another Tallyline runs: it has been told (second-instance) and focuses its window.
  app.quit();
} else {
  app.setAppUserModelId('dev.tallyline.app');
  main().catch((err) => {
    log('error', `startup failed: ${toErrorBody(err).message}`);
    dialog.showErrorBox('Tallyline could not start', toErrorBody(err).message);
    app.exit(1);
  });
}

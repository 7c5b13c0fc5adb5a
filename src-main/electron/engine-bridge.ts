// Connects the engine client to the window: commands in through the checked IPC handlers, snapshots
// and export progress out through the throttled push relay. The same function runs in the app
// and in the contract test, so the test exercises the wiring the app ships with.
import type { IpcMain, WebContents } from 'electron';
import type { CommandImpls, ExportRequest } from '../../src-shared/api';
import type { LogFn } from '../../src-shared/types';
import type { EngineClient } from '../engine/index';
import type { AppSettingsStore } from './app-settings';
import { createDesktopCommands } from './desktop-commands';
import { registerIpcHandlers } from './ipc-handlers';
import { createPushRelay, type PushRelayOptions } from './push-relay';
import { isTrustedSender } from './trusted-page';

export interface EngineBridgeOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  engine: EngineClient;
  settings: AppSettingsStore;
  /** The window's webContents: the only one allowed to call, and where pushes go. null while none is open. */
  trustedContents: () => WebContents | null;
  /** URL of the app's page (see appPageUrl); calls from any other page are refused. */
  appPage: string;
  /** Asks where an export goes; null when the user cancelled. */
  chooseExportFile: (req: ExportRequest) => Promise<string | null>;
  /** Clock and timers of the push relay. Default: the real ones. */
  pushTiming?: Pick<PushRelayOptions, 'now' | 'setTimer' | 'clearTimer'>;
  /** Refused senders and similar. Default console.warn. */
  log?: LogFn;
}

export interface EngineBridge {
  /** The commands, also for the menu (they persist choices and push progress like IPC calls do). */
  commands: CommandImpls;
  /** Removes the IPC handlers and stops pushing. */
  dispose(): void;
}

export function connectEngine(opts: EngineBridgeOptions): EngineBridge {
  const relay = createPushRelay({ target: opts.trustedContents, ...opts.pushTiming });
  const stopSnapshots = opts.engine.onSnapshot((s) => relay.push('snapshot', s));
  const commands = createDesktopCommands({
    engine: opts.engine,
    settings: opts.settings,
    chooseExportFile: opts.chooseExportFile,
    onExportProgress: (p) => relay.push('exportProgress', p),
  });
  const unregister = registerIpcHandlers(
    opts.ipcMain,
    commands,
    (event) => isTrustedSender(event, opts.trustedContents(), opts.appPage),
    opts.log,
  );
  return {
    commands,
    dispose() {
      unregister();
      stopSnapshots();
      relay.dispose();
    },
  };
}

// The Api commands as the desktop app carries them out: the engine host does the work; what the
// user chose (listener, engine settings) is remembered for the next launch; an export goes
// through the save dialog to a file instead of back over IPC.
import type { ExportProgress, ExportRequest, StartListenerRequest } from '../../src-shared/types';
import type { EngineHost } from '../engine/worker/client';
import type { AppSettingsStore } from './app-settings';
import { exportToFile } from './export-file';
import type { CommandImpls } from './ipc-handlers';

export interface DesktopCommandsOptions {
  host: EngineHost;
  settings: AppSettingsStore;
  /** Asks where an export goes; null when the user cancelled. */
  chooseExportFile: (req: ExportRequest) => Promise<string | null>;
  /** Export progress, for the push relay. */
  onExportProgress: (p: ExportProgress) => void;
}

export function createDesktopCommands(opts: DesktopCommandsOptions): CommandImpls {
  const { host, settings } = opts;
  return {
    status: () => host.status(),
    async startListener(req: StartListenerRequest) {
      const state = await host.startListener(req);
      if (state.state === 'listening') {
        // The port asked for, not the one given: "0" should pick a free port again next time.
        await settings.update({ listener: { host: req.host, port: req.port, format: req.format ?? 'auto', autostart: true } });
      }
      return state;
    },
    async stopListener() {
      const state = await host.stopListener();
      await settings.update({ listener: { autostart: false } });
      return state;
    },
    getSettings: () => host.getSettings(),
    async updateSettings(patch) {
      const next = await host.updateSettings(patch);
      await settings.update({ engine: next });
      return next;
    },
    dropConnection: (id) => host.dropConnection(id),
    summaries: (range) => host.summaries(range),
    async exportCsv(req) {
      const file = await opts.chooseExportFile(req);
      if (file === null) return { file: null, rows: 0, bytes: 0 };
      return exportToFile(host, req, file, opts.onExportProgress);
    },
  };
}

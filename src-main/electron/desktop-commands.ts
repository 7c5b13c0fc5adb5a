// The Api commands as the desktop app carries them out: the engine client does the work; what the
// user chose (listener, engine settings) is remembered for the next launch; an export goes
// through the save dialog to a file instead of back over IPC.
import type { CommandImpls, ExportProgress, ExportRequest, StartListenerRequest } from '../../src-shared/api';
import type { EngineClient } from '../engine/index';
import type { AppSettingsStore } from './app-settings';
import { exportToFile } from './export-file';

export interface DesktopCommandsOptions {
  engine: EngineClient;
  settings: AppSettingsStore;
  /** Asks where an export goes; null when the user cancelled. */
  chooseExportFile: (req: ExportRequest) => Promise<string | null>;
  /** Export progress, for the push relay. */
  onExportProgress: (p: ExportProgress) => void;
}

export function createDesktopCommands(opts: DesktopCommandsOptions): CommandImpls {
  const { engine, settings } = opts;
  return {
    status: () => engine.status(),
    cluster: () => engine.cluster(),
    async startListener(req: StartListenerRequest) {
      const state = await engine.startListener(req);
      if (state.state === 'listening') {
        // The port asked for, not the one given: "0" should pick a free port again next time.
        await settings.update({ listener: { host: req.host, port: req.port, format: req.format ?? 'auto', autostart: true } });
      }
      return state;
    },
    async stopListener() {
      const state = await engine.stopListener();
      await settings.update({ listener: { autostart: false } });
      return state;
    },
    getSettings: () => engine.getSettings(),
    async updateSettings(patch) {
      const next = await engine.updateSettings(patch);
      await settings.update({ engine: next });
      return next;
    },
    dropConnection: (id) => engine.dropConnection(id),
    summaries: (range) => engine.summaries(range),
    events: (query) => engine.events(query),
    event: (query) => engine.event(query),
    async exportCsv(req) {
      const file = await opts.chooseExportFile(req);
      if (file === null) return { file: null, rows: 0, bytes: 0 };
      return exportToFile(engine, req, file, opts.onExportProgress);
    },
  };
}

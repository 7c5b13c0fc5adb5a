// Asks the user where an export goes. The renderer never names a path itself: the file is whatever
// the user picked in the system's own save dialog.
import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import type { ExportKind, ExportRequest } from '../../src-shared/api';

const TITLES: Readonly<Record<ExportKind, string>> = {
  summaries: 'Export window summaries',
  event_counts: 'Export event counts',
};

function defaultFolder(): string {
  try {
    return app.getPath('downloads');
  } catch {
    return app.getPath('home');
  }
}

/** The chosen path, or null when the user cancelled. Modal to `parent` when there is one. */
export async function askExportFile(parent: BrowserWindow | null, req: ExportRequest): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: TITLES[req.what],
    defaultPath: join(defaultFolder(), `${req.what}.csv`),
    buttonLabel: 'Export',
    filters: [
      { name: 'CSV', extensions: ['csv'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const choice = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

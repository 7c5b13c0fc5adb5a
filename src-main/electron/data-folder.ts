// The desktop app's data folder, owned by one process at a time (the engine locks it). When a
// `tallyline serve` or another copy of the app holds it, the user is told who, and offered a
// separate folder for this session rather than a crash or a silently shared journal.
import { dialog } from 'electron';
import { EngineClient, type EngineClientOptions } from '../engine/index';

/** What the user chose when the folder is taken: another folder, or to quit. */
export type FolderChoice = { folder: string } | { quit: true };

/** Asks with the system's dialogs; `message` names the holder. */
export async function askForAnotherFolder(message: string): Promise<FolderChoice> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Tallyline',
    message: 'The data folder is in use',
    detail: `${message}\n\nTallyline can keep this session's history in a separate folder instead.`,
    buttons: ['Choose a separate folder…', 'Quit'],
    defaultId: 0,
    cancelId: 1,
  });
  if (response !== 0) return { quit: true };
  const picked = await dialog.showOpenDialog({
    title: 'A folder for this session’s history',
    buttonLabel: 'Use this folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  return picked.canceled || picked.filePaths.length === 0 ? { quit: true } : { folder: picked.filePaths[0]! };
}

/**
 * Starts the engine on `opts.dataDir`; while that folder (or one chosen instead) is locked by
 * another process, asks for another. Null when the user chose to quit.
 */
export async function startEngineOnFreeFolder(
  opts: EngineClientOptions,
  ask: (message: string) => Promise<FolderChoice> = askForAnotherFolder,
): Promise<EngineClient | null> {
  let dataDir = opts.dataDir;
  for (;;) {
    try {
      return await EngineClient.start({ ...opts, dataDir });
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'DATA_DIR_LOCKED') throw err;
      const choice = await ask((err as Error).message);
      if ('quit' in choice) return null;
      dataDir = choice.folder;
    }
  }
}

// Where the journal lives when the host does not say: Electron passes its userData folder and
// `tallyline serve --data-dir` overrides this default.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const APP_FOLDER = 'tallyline';

/** $XDG_DATA_HOME/tallyline, else ~/.local/share/tallyline (on every OS for serve; Electron passes its userData instead). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  // The XDG base-directory spec says a relative path is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, APP_FOLDER);
  const home = env.HOME || env.USERPROFILE || homedir();
  return join(home, '.local', 'share', APP_FOLDER);
}

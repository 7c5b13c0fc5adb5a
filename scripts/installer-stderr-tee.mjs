// @ts-check
// Loaded with `node --import` into Electron's installer by scripts/electron-installer.mjs: copies what the
// installer writes to stderr onto file descriptor 3, a pipe to start.mjs, so its last error line can be quoted
// in the fallback sentence, while stderr itself stays the user's terminal (node-progress draws the download bar
// only on a TTY, so piping stderr instead would hide the progress). Where fd 3 cannot be written (it is not a
// pipe, or on a platform without it) the copy stops quietly and start.mjs quotes the exit code instead.
import { writeSync } from 'node:fs';

const stderr = process.stderr;
const write = stderr.write.bind(stderr);
let copying = true;
/** @type {typeof stderr.write} */
const tee = (/** @type {string | Uint8Array} */ chunk, /** @type {any[]} */ ...rest) => {
  if (copying) {
    try {
      writeSync(3, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } catch {
      copying = false;
    }
  }
  return write(chunk, ...rest);
};
stderr.write = tee;

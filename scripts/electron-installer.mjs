// @ts-check
// The I/O of Electron's binary for scripts/start.mjs: where the executable is (found as node_modules/electron's
// index.js finds it, without starting its download), and running Electron's own installer (install.js) as a
// child with a time limit. The installer gets our environment whole (ELECTRON_MIRROR, ELECTRON_GET_USE_PROXY,
// HTTPS_PROXY, electron_config_cache… are Electron's to read) and the user's terminal as stdout and stderr, so
// its progress shows; a copy of its stderr (installer-stderr-tee.mjs) gives the error line to quote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {import('./start-decision.mjs').InstallOutcome} InstallOutcome */

const TEE = new URL('./installer-stderr-tee.mjs', import.meta.url).href;

/** Electron's executable in this electron package folder, or null when it is not installed.
 * @param {string} electronDir @param {Record<string, string | undefined>} env */
export function findElectronBinary(electronDir, env) {
  const pathTxt = join(electronDir, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  // Electron's index.js trusts this variable without looking: so do we.
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
  const exe = name && join(electronDir, 'dist', name);
  return exe && existsSync(exe) ? exe : null;
}

/** The line to quote from what the installer wrote to stderr: the last one that is not a stack frame or a
 * progress bar redraw, or null. @param {string} text */
export function lastErrorLine(text) {
  const lines = text
    .split(/\r?\n|\r/)
    // eslint-disable-next-line no-control-regex
    .map((l) => l.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trim())
    .filter((l) => l !== '' && !/^at /.test(l) && !/^Downloading /.test(l));
  const last = lines.at(-1);
  return last === undefined ? null : last.length > 200 ? `${last.slice(0, 199)}…` : last;
}

/**
 * Runs `node <electronDir>/install.js` to its end; after timeoutMs it is sent SIGTERM, and SIGKILL graceMs later
 * if it is still there. Resolves once it has exited.
 * @param {object} opts
 * @param {string} opts.electronDir  the electron package folder (node_modules/electron)
 * @param {Record<string, string | undefined>} opts.env  passed to the installer as it is
 * @param {number} opts.timeoutMs
 * @param {number} [opts.graceMs]  between SIGTERM and SIGKILL. Default 2000.
 * @param {'inherit' | 'ignore'} [opts.output]  where its stdout and stderr go. Default 'inherit' (the user's terminal).
 * @returns {Promise<InstallOutcome>}
 */
export function runElectronInstaller({ electronDir, env, timeoutMs, graceMs = 2000, output = 'inherit' }) {
  const child = spawn(process.execPath, ['--import', TEE, join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    stdio: ['ignore', output, output, 'pipe'],
  });
  let copied = '';
  child.stdio[3]?.on('data', (/** @type {Buffer} */ d) => (copied = (copied + d.toString('utf8')).slice(-8192)));
  let timedOut = false;
  /** @type {NodeJS.Timeout | undefined} */
  let killTimer;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  }, timeoutMs);
  return new Promise((resolve) => {
    const done = (/** @type {InstallOutcome} */ outcome) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve(outcome);
    };
    child.on('error', (err) => done({ kind: 'failed', reason: `the installer could not start: ${err.message}` }));
    child.on('close', (code, signal) => {
      if (code === 0) done({ kind: 'installed' });
      else if (timedOut) done({ kind: 'timed-out', timeoutMs });
      else done({ kind: 'failed', reason: lastErrorLine(copied) ?? `the installer exited with ${code ?? signal}` });
    });
  });
}

// @ts-check
// What `npm start` does, decided apart from doing it (scripts/start.mjs does the I/O), so tests can drive every
// case: launch Electron when its binary is there; when it is missing, run Electron's own installer (bounded in
// time) and launch if it succeeds; serve the same UI in the browser (`tallyline serve`) when it cannot, saying
// why in one line and how to retry. `--browser` serves at once; ELECTRON_SKIP_BINARY_DOWNLOAD (CI) skips the
// download as it does for Electron's installer. The installer reads Electron's variables (ELECTRON_MIRROR, …)
// from the environment, which is passed to it whole; we only name the ones that are set.

export const BROWSER_FLAG = '--browser';
export const TIMEOUT_VAR = 'TALLYLINE_ELECTRON_INSTALL_TIMEOUT_MS';
export const DEFAULT_INSTALL_TIMEOUT_MS = 300_000;

/**
 * @typedef {Record<string, string | undefined>} Env
 * @typedef {{ kind: 'installed' } | { kind: 'failed', reason: string } | { kind: 'timed-out', timeoutMs: number }} InstallOutcome
 * @typedef {(timeoutMs: number) => Promise<InstallOutcome>} RunInstaller
 *   runs Electron's installer to its end, or stops it after timeoutMs
 * @typedef {{ run: 'electron', exe: string, args: string[] } | { run: 'browser', args: string[], portHint: string }} StartPlan
 *   args: the user's arguments without --browser, for Electron or for `tallyline serve`
 * @typedef {object} StartInput
 * @property {string[]} args  what followed `npm start --`
 * @property {Env} env
 * @property {() => string | null} findBinary  Electron's executable, or null when it is not installed
 * @property {RunInstaller} runInstaller
 * @property {string} installer  the installer as the user should read it (node_modules/electron/install.js)
 * @property {(line: string) => void} say  one line to the user
 */

// What @electron/get 5 (Electron 45's downloader) reads, as Electron's installation guide documents it:
// mirrors (also from .npmrc, which npm passes as npm_config_electron_*), the cache, and the proxy, which
// it only uses when ELECTRON_GET_USE_PROXY is set (then through undici's EnvHttpProxyAgent).
const MIRROR_VARS = [
  'ELECTRON_MIRROR',
  'ELECTRON_NIGHTLY_MIRROR',
  'ELECTRON_CUSTOM_DIR',
  'ELECTRON_CUSTOM_FILENAME',
  'npm_config_electron_mirror',
  'npm_config_electron_custom_dir',
  'electron_config_cache',
];
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** @param {Env} env @param {string} name */
const isSet = (env, name) => (env[name] ?? '') !== '';

/** A proxy URL may carry a password: show it without one. @param {string} value */
function redact(value) {
  return value.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, '$1…@');
}

/** How the user started us, for hints: `npm start` through npm, else the script itself. @param {Env} env */
export function startCommand(env) {
  return env.npm_lifecycle_event === 'start' ? 'npm start' : 'node scripts/start.mjs';
}

/** @param {Env} env @returns {{ ms: number, warning: string | null }} */
export function installTimeout(env) {
  const text = env[TIMEOUT_VAR] ?? '';
  if (text === '') return { ms: DEFAULT_INSTALL_TIMEOUT_MS, warning: null };
  const ms = Number(text);
  if (Number.isSafeInteger(ms) && ms > 0) return { ms, warning: null };
  return {
    ms: DEFAULT_INSTALL_TIMEOUT_MS,
    warning: `tallyline: ${TIMEOUT_VAR}=${JSON.stringify(text)} is not a whole number of milliseconds above 0, so the default ${DEFAULT_INSTALL_TIMEOUT_MS} is used.`,
  };
}

/** The download variables that are set, as `NAME=value`, and those set that the downloader will not read. @param {Env} env */
export function downloadVariables(env) {
  const useProxy = isSet(env, 'ELECTRON_GET_USE_PROXY');
  const used = MIRROR_VARS.filter((n) => isSet(env, n)).map((n) => `${n}=${env[n]}`);
  /** @type {string[]} */
  const ignored = [];
  if (useProxy) used.push(`ELECTRON_GET_USE_PROXY=${env.ELECTRON_GET_USE_PROXY}`);
  for (const n of PROXY_VARS.filter((n) => isSet(env, n))) {
    if (useProxy) used.push(`${n}=${redact(env[n] ?? '')}`);
    else if (!n.toLowerCase().startsWith('no_')) ignored.push(`${n} is ignored without ELECTRON_GET_USE_PROXY=1`);
  }
  // Older guides (and @electron/get before 5, through global-agent) use these; version 5 does not read them.
  if (isSet(env, 'GLOBAL_AGENT_HTTPS_PROXY') || isSet(env, 'GLOBAL_AGENT_HTTP_PROXY'))
    ignored.push('GLOBAL_AGENT_*_PROXY is not read by this Electron: set HTTPS_PROXY with ELECTRON_GET_USE_PROXY=1');
  return { used, ignored };
}

/** @param {Env} env @param {string} installer @param {number} timeoutMs */
export function installingLine(env, installer, timeoutMs) {
  const { used, ignored } = downloadVariables(env);
  return (
    `tallyline: Electron's binary is missing, so Electron's installer (${installer}) is downloading it now, ` +
    `for at most ${seconds(timeoutMs)} (${TIMEOUT_VAR} changes that)` +
    (used.length ? `, with ${used.join(', ')}` : '') +
    (ignored.length ? `; ${ignored.join('; ')}` : '') +
    '.'
  );
}

/** @param {number} ms */
const seconds = (ms) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

/** @param {Exclude<InstallOutcome, { kind: 'installed' }>} outcome @param {Env} env */
export function fallbackLine(outcome, env) {
  const cmd = startCommand(env);
  const why = outcome.kind === 'failed' ? outcome.reason : `timed out after ${seconds(outcome.timeoutMs)}, installer stopped`;
  const retry =
    outcome.kind === 'failed'
      ? `retry with \`${cmd}\` once you have network access`
      : `retry with \`${cmd}\` (${TIMEOUT_VAR}=600000 gives it longer)`;
  return (
    `tallyline: could not download Electron (${why}), so the same UI is served in your browser instead; ` +
    `${retry}, or set ELECTRON_MIRROR (or ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY).`
  );
}

/** @param {Env} env */
export function skippedLine(env) {
  return (
    "tallyline: Electron's binary is missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded " +
    `and the same UI is served in your browser instead; unset it and run \`${startCommand(env)}\` to download Electron.`
  );
}

export const BROWSER_LINE = `tallyline: ${BROWSER_FLAG} given, so the UI is served in your browser (Electron is not started).`;

/** What `tallyline serve` says when its port is taken, naming the command the user ran. @param {Env} env @param {boolean} forced */
export function portHint(env, forced) {
  return `pick another with \`${startCommand(env)} -- ${forced ? `${BROWSER_FLAG} ` : ''}--ui-port 0\` (0 picks a free one)`;
}

/** Decides, running the installer when the binary is missing; says each step in one line. @param {StartInput} input @returns {Promise<StartPlan>} */
export async function planStart({ args, env, findBinary, runInstaller, installer, say }) {
  const forced = args.includes(BROWSER_FLAG);
  const rest = args.filter((a) => a !== BROWSER_FLAG);
  /** @returns {StartPlan} */
  const browser = () => ({ run: 'browser', args: rest, portHint: portHint(env, forced) });
  if (forced) {
    say(BROWSER_LINE);
    return browser();
  }
  const present = findBinary();
  if (present) return { run: 'electron', exe: present, args: rest };
  if (isSet(env, 'ELECTRON_SKIP_BINARY_DOWNLOAD')) {
    say(skippedLine(env));
    return browser();
  }
  const timeout = installTimeout(env);
  if (timeout.warning) say(timeout.warning);
  say(installingLine(env, installer, timeout.ms));
  /** @type {InstallOutcome} */
  let outcome = await runInstaller(timeout.ms);
  const exe = outcome.kind === 'installed' ? findBinary() : null;
  if (exe) return { run: 'electron', exe, args: rest };
  if (outcome.kind === 'installed') outcome = { kind: 'failed', reason: 'the installer finished but left no binary' };
  say(fallbackLine(outcome, env));
  return browser();
}

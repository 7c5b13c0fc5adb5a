// @ts-check
// `npm start`: builds when out/ is missing or older than the sources, then launches the desktop app. The
// decision (Electron, Electron after running its installer, or the browser) is scripts/start-decision.mjs's;
// this file does the I/O: the build, the installer (scripts/electron-installer.mjs), and the child it ends in.
// When the UI is served instead (`tallyline serve`), its URL is printed. Extra arguments (`npm start -- …`) go to
// Electron, or to `tallyline serve`; `--browser` serves without trying Electron.
// Environment: TALLYLINE_ELECTRON_DIR, the electron package folder (default node_modules/electron);
// TALLYLINE_ELECTRON_INSTALL_TIMEOUT_MS, how long the installer may take (default 300000); Electron's own
// variables (ELECTRON_MIRROR, ELECTRON_GET_USE_PROXY + HTTPS_PROXY, electron_config_cache,
// ELECTRON_SKIP_BINARY_DOWNLOAD, ELECTRON_OVERRIDE_DIST_PATH) as Electron documents them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findElectronBinary, runElectronInstaller } from './electron-installer.mjs';
import { planStart } from './start-decision.mjs';

const root = new URL('..', import.meta.url).pathname;
const sources = ['src-main', 'src-shared', 'src-renderer', 'electron.vite.config.ts', 'svelte.config.js', 'package.json'];
const outputs = ['out/main/index.js', 'out/main/cli.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function buildIfNeeded() {
  const built = outputs.map((p) => join(root, p));
  const oldestOutput = built.every(existsSync) ? Math.min(...built.map((p) => statSync(p).mtimeMs)) : 0;
  const newestSource = Math.max(...sources.map((p) => newestMtime(join(root, p))));
  if (oldestOutput >= newestSource) return;
  console.log(oldestOutput === 0 ? 'tallyline: building the app…' : 'tallyline: sources changed, rebuilding…');
  const r = spawnSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs a child with our signals forwarded, and exits with its code. */
/** @param {import('node:child_process').ChildProcess} child */
function supervise(child) {
  // Ctrl+C reaches the whole foreground process group, the child included: passing SIGINT on too
  // would make it a second Ctrl+C, which serve reads as "stop now, skip the final write". A
  // supervisor's SIGTERM is sent to us alone, so that one is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** @param {string} exe @param {string[]} args */
function launchElectron(exe, args) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would run our main script as plain Node
  supervise(spawn(exe, [root, ...args], { cwd: root, stdio: 'inherit', env }));
}

/** @param {string[]} args @param {string} portHint how to pick another port, said by serve when its port is taken */
function serve(args, portHint) {
  const child = spawn(process.execPath, [join(root, 'bin/tallyline.js'), 'serve', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, TALLYLINE_PORT_HINT: portHint },
  });
  supervise(child);
  // serve prints one JSON line first ({"ui": …}); turn it into a URL to open, pass the rest through.
  let first = true;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (first) {
      first = false;
      try {
        const { ui } = JSON.parse(line);
        if (typeof ui === 'string') {
          console.log(`tallyline: open ${ui} (Ctrl+C stops)`);
          return;
        }
      } catch {
        // not the start line: show it as it is
      }
    }
    console.log(line);
  });
}

const env = process.env;
const electronDir = resolve(root, env.TALLYLINE_ELECTRON_DIR || 'node_modules/electron');
const installJs = join(electronDir, 'install.js');
const shown = relative(root, installJs);
buildIfNeeded();
const plan = await planStart({
  args: process.argv.slice(2),
  env,
  findBinary: () => findElectronBinary(electronDir, env),
  runInstaller: (timeoutMs) => runElectronInstaller({ electronDir, env, timeoutMs }),
  installer: shown.startsWith('..') || isAbsolute(shown) ? installJs : shown,
  say: (line) => console.log(line),
});
if (plan.run === 'electron') launchElectron(plan.exe, plan.args);
else serve(plan.args, plan.portHint);

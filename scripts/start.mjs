// @ts-check
// `npm start`: builds when out/ is missing or older than the sources, then launches the desktop app.
// Where Electron's binary is missing (it is downloaded on install, which needs network access),
// says so in one line and serves the same UI with `tallyline serve` instead, printing its URL.
// Extra arguments (`npm start -- …`) go to Electron, or to `tallyline serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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

/** Electron's executable, found as node_modules/electron finds it but never starting its download. */
function electronBinary() {
  const pkg = join(root, 'node_modules/electron');
  const pathTxt = join(pkg, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, name || 'electron');
  const exe = name && join(pkg, 'dist', name);
  return exe && existsSync(exe) ? exe : null;
}

/** Runs a child with our signals forwarded, and exits with its code. */
/** @param {import('node:child_process').ChildProcess} child */
function supervise(child) {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** @param {string} exe @param {string[]} args */
function launchElectron(exe, args) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would run our main script as plain Node
  supervise(spawn(exe, [root, ...args], { cwd: root, stdio: 'inherit', env }));
}

/** @param {string[]} args */
function serveInstead(args) {
  console.log(
    "tallyline: Electron's binary is not installed (it needs network access to download), so the same UI is served in your browser instead.",
  );
  const child = spawn(process.execPath, [join(root, 'bin/tallyline.js'), 'serve', ...args], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
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

const args = process.argv.slice(2);
buildIfNeeded();
const exe = electronBinary();
if (exe) launchElectron(exe, args);
else serveInstead(args);

// @ts-check
// The layering of DESIGN §1 and §7.12, checked on every import of the tree (static, type-only,
// dynamic, require, re-export):
// - `electron` is imported only under src-main/electron: the engine, serve, push and the shared
//   contract run under plain Node (and in a worker), where `electron` cannot load.
// - src-main/electron and src-main/serve reach the engine only through its door,
//   src-main/engine/index.ts (and the worker entry, by URL with `?nodeWorker`), and never import
//   each other.
// - the renderer imports from src-shared and nothing else of this repository; src-shared imports
//   only itself; src-main/push only src-shared; the engine never imports its hosts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The tree to check: this repository, or the folder given as the first argument (tests use that).
const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;

const ENGINE_DOOR = 'src-main/engine/index.ts';
const WORKER_ENTRY = 'src-main/engine/worker/engine-worker.ts';

/** Rooms and what each may import of the repository (by path prefix); `electron` says whether the package is allowed. */
const ROOMS = [
  { room: 'src-main/electron', electron: true, may: ['src-main/electron', 'src-shared', 'src-main/push', ENGINE_DOOR, WORKER_ENTRY] },
  { room: 'src-main/serve', electron: false, may: ['src-main/serve', 'src-shared', 'src-main/push', ENGINE_DOOR, WORKER_ENTRY] },
  { room: 'src-main/engine', electron: false, may: ['src-main/engine', 'src-shared'] },
  { room: 'src-main/push', electron: false, may: ['src-main/push', 'src-shared'] },
  { room: 'src-shared', electron: false, may: ['src-shared'] },
  { room: 'src-renderer', electron: false, may: ['src-renderer', 'src-shared'] },
];

const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** @param {string} dir @returns {Generator<string>} */
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(c|m)?[jt]s$|\.svelte$/.test(name)) yield p;
  }
}

/** The repository path an import resolves to (extension added as the bundler would), or null for a package. @param {string} file @param {string} spec */
function target(file, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(file), spec.split('?')[0]);
  for (const ext of ['', '.ts', '.svelte', '.mjs', '.js', '/index.ts']) {
    if (existsSync(base + ext) && statSync(base + ext).isFile()) return relative(root, base + ext);
  }
  return relative(root, base);
}

/** @param {string} path @param {string} prefix */
const within = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);

/** @type {string[]} */
const offenders = [];
for (const { room, electron, may } of ROOMS) {
  if (!existsSync(join(root, room))) continue;
  for (const file of files(join(root, room))) {
    const rel = relative(root, file);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(specifier)) {
          const spec = m[2];
          const where = `${rel}:${i + 1}: ${line.trim()}`;
          if (spec === 'electron' || spec.startsWith('electron/')) {
            if (!electron) offenders.push(`${where}\n    electron may be imported only under src-main/electron`);
            continue;
          }
          const path = target(file, spec);
          if (path === null) continue;
          if (path === WORKER_ENTRY && !spec.endsWith('?nodeWorker') && !within(rel, 'src-main/engine')) {
            offenders.push(`${where}\n    the worker entry is started by URL (\`?nodeWorker\`), not imported`);
          } else if (!may.some((prefix) => within(path, prefix))) {
            const why =
              within(path, 'src-main/engine') && may.includes(ENGINE_DOOR)
                ? `hosts reach the engine through ${ENGINE_DOOR} only`
                : `${room} may import only ${may.join(', ')}`;
            offenders.push(`${where}\n    ${why}`);
          }
        }
      });
  }
}
if (offenders.length > 0) {
  console.error(`import layering broken (DESIGN §1, §7.12):\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log('lint: every import keeps to its layer');

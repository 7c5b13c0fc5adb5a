// @ts-check
// Fails when code that must run without Electron imports it: the engine, the headless server and
// the shared contract run under plain Node (and in a worker), where `electron` cannot load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The tree to check: this repository, or the folder given as the first argument (tests use that).
const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const guarded = ['src-main/engine', 'src-main/serve', 'src-shared'];
const importOfElectron = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]electron(?:\/[^'"]*)?['"]/;

/** @param {string} dir @returns {Generator<string>} */
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(c|m)?[jt]s$|\.svelte$/.test(name)) yield p;
  }
}

/** @type {string[]} */
const offenders = [];
for (const dir of guarded) {
  if (!existsSync(join(root, dir))) continue;
  for (const file of files(join(root, dir))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (importOfElectron.test(line)) offenders.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
  }
}
if (offenders.length > 0) {
  console.error(`electron may not be imported under ${guarded.join(', ')}:\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(`lint: no electron import under ${guarded.join(', ')}`);

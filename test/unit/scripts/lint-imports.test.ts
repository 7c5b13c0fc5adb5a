import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/lint-imports.mjs', import.meta.url));
let tree: string;

function lint(files: Record<string, string>) {
  tree = mkdtempSync(join(tmpdir(), 'tallyline-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  return spawnSync(process.execPath, [script, tree], { encoding: 'utf8' });
}

afterEach(() => rmSync(tree, { recursive: true, force: true }));

describe('the no-electron rule', () => {
  it.each([
    ['src-main/engine/x.ts', "import { app } from 'electron';"],
    ['src-main/serve/y.ts', "import type { IpcMain } from 'electron/main';"],
    ['src-shared/z.ts', "const e = require('electron');"],
    ['src-main/engine/deep/w.ts', "await import('electron');"],
  ])('fails on %s', (path, line) => {
    const r = lint({ [path]: `${line}\n` });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path}:1`);
  });

  it('passes electron imports in src-main/electron and look-alike names elsewhere', () => {
    const r = lint({
      'src-main/electron/index.ts': "import { app } from 'electron';\n",
      'src-main/engine/a.ts': "import { x } from './electron-free';\nconst s = 'electron';\n",
      'src-main/serve/b.ts': "import vite from 'electron-vite';\n",
    });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('the layer lint', () => {
  const door = { 'src-main/engine/index.ts': 'export {};\n', 'src-main/engine/journal/reader.ts': 'export {};\n' };

  it.each([
    ['src-main/serve/a.ts', "import { readSummaries } from '../engine/journal/reader';", 'through src-main/engine/index.ts only'],
    ['src-main/electron/a.ts', "import type { X } from '../engine/journal/reader';", 'through src-main/engine/index.ts only'],
    ['src-main/serve/a.ts', "import { x } from '../electron/window';", 'src-main/serve may import only'],
    ['src-main/electron/a.ts', "export { x } from '../serve/cli';", 'src-main/electron may import only'],
    ['src-renderer/src/a.ts', "import { x } from '../../src-main/engine/index';", 'src-renderer may import only'],
    ['src-shared/a.ts', "import { x } from '../src-main/push/pacer';", 'src-shared may import only'],
    ['src-main/engine/a.ts', "const m = await import('../serve/cli');", 'src-main/engine may import only'],
    ['src-main/serve/a.ts', "import w from '../engine/worker/engine-worker';", 'started by URL'],
  ])('fails on %s importing across its layer', (path, line, why) => {
    const r = lint({ ...door, 'src-main/engine/worker/engine-worker.ts': 'export {};\n', [path]: `${line}\n` });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path}:1`);
    expect(r.stderr).toContain(why);
  });

  it('passes the doors: the engine index, the worker entry by URL, src-shared and push from the hosts', () => {
    const r = lint({
      ...door,
      'src-main/engine/worker/engine-worker.ts': "import { x } from '../journal/reader';\n",
      'src-main/serve/cli.ts':
        "import { EngineClient } from '../engine/index';\nimport w from '../engine/worker/engine-worker?nodeWorker';\n",
      'src-main/electron/index.ts':
        "import { EngineClient } from '../engine';\nimport { Pacer } from '../push/pacer';\nimport type { Api } from '../../src-shared/types';\n",
      'src-renderer/src/main.ts': "import { mount } from 'svelte';\nimport type { Api } from '../../src-shared/types';\n",
    });
    expect(r.status, r.stderr).toBe(0);
  });
});

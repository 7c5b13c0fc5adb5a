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

describe('the no-electron lint', () => {
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

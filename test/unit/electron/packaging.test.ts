// `npm run dist` for real, offline: electron-builder packages the built app (`--linux dir`) around
// a stand-in Electron distribution (the real one needs a download), and the packaged files are then
// run under Node: the headless entry from inside the package starts its engine worker, takes TCP
// events and serves the UI. That is the proof the worker and its chunks are packaged where the
// bundle looks for them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../../src-shared/api';
import { sendAndClose, until } from '../../support/tcp';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let work: string;
let app: string;
let unpacked: string;
let child: ChildProcess | null = null;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/index.js'))) throw new Error('out/ is missing: run `npx electron-vite build` (npm test does) first');
  work = mkdtempSync(join(tmpdir(), 'tallyline-pkg-'));
  const fakeElectron = join(work, 'electron-dist');
  mkdirSync(fakeElectron);
  writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  const r = spawnSync(
    join(ROOT, 'node_modules/.bin/electron-builder'),
    ['--linux', 'dir', `--config.electronDist=${fakeElectron}`, `--config.directories.output=${join(work, 'dist')}`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
  unpacked = join(work, 'dist/linux-unpacked');
  app = join(unpacked, 'resources/app');
}, 180_000);

afterAll(() => {
  child?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run dist (linux dir, offline)', () => {
  // Runtime dependencies: sketches, NATS (and its nkeys' tweetnacl), commander, ws.
  it('packages the app under its product executable with the build and only runtime dependencies', () => {
    expect(existsSync(join(unpacked, 'tallyline'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { main: string; name: string };
    expect(pkg.main).toBe('out/main/index.js');
    for (const file of ['out/main/index.js', 'out/main/cli.js', 'out/preload/preload.cjs', 'out/renderer/index.html']) {
      expect(existsSync(join(app, file)), file).toBe(true);
    }
    expect(readdirSync(join(app, 'out/main')).some((f) => /^engine-worker-.*\.js$/.test(f))).toBe(true);
    expect(readdirSync(join(app, 'node_modules')).sort()).toEqual(['@datadog', '@nats-io', 'commander', 'tweetnacl', 'ws']);
  });

  it('the packaged engine worker starts, counts events sent over TCP and serves the UI', async () => {
    const dataDir = join(work, 'data');
    child = spawn(
      process.execPath,
      [join(app, 'out/main/cli.js'), 'serve', '--ui-port', '0', '--listen', '127.0.0.1:0', '--data-dir', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const line = await until(
      () => out.includes('\n') && (JSON.parse(out.split('\n')[0]!) as { ui: string; ingest: string }),
      'the start line',
    );
    await sendAndClose(Number(line.ingest.split(':')[1]), ['packaged\npackaged\n']);
    const status = await until(async () => {
      const s = (await (await fetch(`${line.ui}/api/status`)).json()) as Status;
      return s.totals.events === 2 && s;
    }, 'two events counted');
    expect(status.listener.state).toBe('listening');
    const page = await fetch(`${line.ui}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Tallyline</title>');
  });
});

// `npm start`'s decision (scripts/start-decision.mjs) driven through the real installer runner
// (scripts/electron-installer.mjs) against stand-in installers: real child processes copied as install.js into a
// temp electron package folder, never the real node_modules/electron. Also the CLI's side of it: `tallyline serve`
// says the port hint start.mjs hands it in TALLYLINE_PORT_HINT.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary, lastErrorLine, runElectronInstaller } from '../../../scripts/electron-installer.mjs';
import { BROWSER_LINE, TIMEOUT_VAR, planStart, type StartPlan } from '../../../scripts/start-decision.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/start');
const tmp = mkdtempSync(join(tmpdir(), 'tallyline-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// None of the caller's Electron settings leak in (CI sets ELECTRON_SKIP_BINARY_DOWNLOAD); `npm start` is how we ran.
const BASE_ENV: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(ELECTRON_|TALLYLINE_|npm_|GLOBAL_AGENT_|electron_)|_proxy$/i.test(k)),
);
BASE_ENV.npm_lifecycle_event = 'start';

let folders = 0;
/** A temp electron package folder: with a binary installed, or with a stand-in as its install.js. */
function electronDir(content: { installer?: 'succeed' | 'fail' | 'hang'; binary?: boolean }): string {
  const dir = join(tmp, `electron-${++folders}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  if (content.installer) copyFileSync(join(FIXTURES, `${content.installer}.cjs`), join(dir, 'install.js'));
  if (content.binary) {
    writeFileSync(join(dir, 'dist/electron'), '');
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

interface Run {
  plan: StartPlan;
  said: string[];
  installerRuns: number;
}

async function start(dir: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Run> {
  const said: string[] = [];
  const fullEnv = { ...BASE_ENV, ...env };
  let installerRuns = 0;
  const plan = await planStart({
    args,
    env: fullEnv,
    findBinary: () => findElectronBinary(dir, fullEnv),
    runInstaller: (timeoutMs) => {
      installerRuns++;
      return runElectronInstaller({ electronDir: dir, env: fullEnv, timeoutMs, graceMs: 100, output: 'ignore' });
    },
    installer: 'node_modules/electron/install.js',
    say: (line) => said.push(line),
  });
  return { plan, said, installerRuns };
}

const RETRY = 'retry with `npm start` once you have network access, or set ELECTRON_MIRROR';

describe('npm start', () => {
  it('launches Electron when its binary is there, without running the installer', async () => {
    const dir = electronDir({ installer: 'fail', binary: true });
    const run = await start(dir, ['--some-electron-flag']);
    expect(run.plan).toEqual({ run: 'electron', exe: join(dir, 'dist/electron'), args: ['--some-electron-flag'] });
    expect(run.said).toEqual([]);
    expect(run.installerRuns).toBe(0);
  });

  it("runs Electron's installer when the binary is missing, hands it Electron's variables, then launches", async () => {
    const dir = electronDir({ installer: 'succeed' });
    const run = await start(dir, [], { ELECTRON_MIRROR: 'https://mirror.example/electron/' });
    expect(run.plan).toEqual({ run: 'electron', exe: join(dir, 'dist/electron'), args: [] });
    expect(run.installerRuns).toBe(1);
    expect(run.said).toEqual([
      "tallyline: Electron's binary is missing, so Electron's installer (node_modules/electron/install.js) is downloading it now, " +
        `for at most 300 s (${TIMEOUT_VAR} changes that), with ELECTRON_MIRROR=https://mirror.example/electron/.`,
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'env-seen.json'), 'utf8'))).toEqual({ ELECTRON_MIRROR: 'https://mirror.example/electron/' });
  });

  it('serves in the browser when the installer fails, quoting its error line and saying how to retry', async () => {
    const run = await start(electronDir({ installer: 'fail' }), ['--ui-port', '0']);
    expect(run.plan).toEqual({
      run: 'browser',
      args: ['--ui-port', '0'],
      portHint: 'pick another with `npm start -- --ui-port 0` (0 picks a free one)',
    });
    expect(run.said).toHaveLength(2);
    expect(run.said[1]).toBe(
      'tallyline: could not download Electron (Error: getaddrinfo ENOTFOUND github.com), so the same UI is served in your browser instead; ' +
        `${RETRY} (or ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY).`,
    );
  });

  it('stops an installer that hangs once the timeout has passed, then serves in the browser', async () => {
    const dir = electronDir({ installer: 'hang' });
    const run = await start(dir, [], { [TIMEOUT_VAR]: '1000' });
    expect(run.plan.run).toBe('browser');
    expect(run.said[0]).toContain('for at most 1 s');
    expect(run.said[1]).toMatch(
      /^tallyline: could not download Electron \(timed out after 1 s, installer stopped\), so the same UI is served/,
    );
    expect(run.said[1]).toContain(`retry with \`npm start\` (${TIMEOUT_VAR}=600000 gives it longer)`);
    // It ignored SIGTERM, so only the SIGKILL that followed could end it: it must be gone.
    expect(readFileSync(join(dir, 'hang.sigterm'), 'utf8')).toBe('ignored');
    const pid = Number(readFileSync(join(dir, 'hang.pid'), 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('serves in the browser with --browser, without looking for Electron or running its installer', async () => {
    const run = await start(electronDir({ installer: 'succeed', binary: true }), ['--ui-port', '0', '--browser']);
    expect(run.plan).toEqual({
      run: 'browser',
      args: ['--ui-port', '0'],
      portHint: 'pick another with `npm start -- --browser --ui-port 0` (0 picks a free one)',
    });
    expect(run.said).toEqual([BROWSER_LINE]);
    expect(run.installerRuns).toBe(0);
  });

  it('serves in the browser at once when ELECTRON_SKIP_BINARY_DOWNLOAD is set and the binary is missing', async () => {
    const dir = electronDir({ installer: 'succeed' });
    const run = await start(dir, [], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.plan.run).toBe('browser');
    expect(run.installerRuns).toBe(0);
    expect(existsSync(join(dir, 'env-seen.json'))).toBe(false);
    expect(run.said).toEqual([
      "tallyline: Electron's binary is missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded " +
        'and the same UI is served in your browser instead; unset it and run `npm start` to download Electron.',
    ]);
  });

  it('names the proxy it will use without its password, and a proxy it will not use', async () => {
    const dir = electronDir({ binary: false, installer: 'fail' });
    const proxied = await start(dir, [], { ELECTRON_GET_USE_PROXY: '1', HTTPS_PROXY: 'http://me:secret@proxy.example:3128' });
    expect(proxied.said[0]).toContain('with ELECTRON_GET_USE_PROXY=1, HTTPS_PROXY=http://…@proxy.example:3128.');
    expect(proxied.said[0]).not.toContain('secret');
    const unused = await start(dir, [], { HTTPS_PROXY: 'http://proxy.example:3128' });
    expect(unused.said[0]).toContain('; HTTPS_PROXY is ignored without ELECTRON_GET_USE_PROXY=1.');
  });

  it('falls back to the default timeout, saying so, when the variable is not a number of milliseconds', async () => {
    const run = await start(electronDir({ installer: 'fail' }), [], { [TIMEOUT_VAR]: '5m' });
    expect(run.said[0]).toBe(
      `tallyline: ${TIMEOUT_VAR}="5m" is not a whole number of milliseconds above 0, so the default 300000 is used.`,
    );
    expect(run.said[1]).toContain('for at most 300 s');
  });

  it("quotes the installer's error, not its stack frames or progress bar", () => {
    const stderr =
      'Downloading electron.zip: [====   ] 40%\rTypeError: fetch failed\n    at node:internal/deps/undici:1:1\n    at async x (file:///a.js:2:3)\n';
    expect(lastErrorLine(stderr)).toBe('TypeError: fetch failed');
    expect(lastErrorLine('')).toBeNull();
  });
});

describe('tallyline serve started by npm start', () => {
  it('names the command in TALLYLINE_PORT_HINT when its port is taken', async () => {
    if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const hint = 'pick another with `npm start -- --ui-port 0` (0 picks a free one)';
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bin/tallyline.js'), 'serve', '--ui-port', String(port), '--data-dir', join(tmp, 'serve-data')],
        { cwd: ROOT, env: { ...BASE_ENV, TALLYLINE_PORT_HINT: hint }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).not.toBe(0);
      expect(stderr).toContain(`UI port ${port} is already in use on 127.0.0.1; ${hint}`);
    } finally {
      taken.close();
    }
  });
});

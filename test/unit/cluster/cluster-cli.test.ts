// The serve flags of cluster mode (DESIGN §10) as a user types them: the BUILT bin/tallyline.js in
// child processes (`npm test` builds first; in a dev loop run `npx electron-vite build`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('tallyline serve: the cluster flags', () => {
  const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
  const BIN = join(ROOT, 'bin/tallyline.js');
  let dataDir: string;
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'out/main/cli.js')))
      throw new Error('out/main/cli.js is missing: run `npx electron-vite build` (npm test does) before these tests');
    dataDir = mkdtempSync(join(tmpdir(), 'tallyline-cluster-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs serve with the flags; one that starts anyway is killed at its start line (and the test fails on its code). */
  function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--ui-port', '0', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TALLYLINE_NATS_TOKEN: '', TALLYLINE_NATS_USER: '', TALLYLINE_NATS_PASSWORD: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('\n')) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  const MISTAKES: [string, string[], RegExp][] = [
    [
      '--cluster with --view',
      ['--cluster', 'nats://127.0.0.1:4222', '--view', 'nats://127.0.0.1:4222'],
      /--cluster and --view exclude each other/,
    ],
    ['--node without --cluster', ['--node', 'n1'], /--node names this node of a cluster: add --cluster/],
    ['--node with --view', ['--view', 'nats://127.0.0.1:4222', '--node', 'n1'], /--node names this node of a cluster: add --cluster/],
    [
      '--view with --listen',
      ['--view', 'nats://127.0.0.1:4222', '--listen', '127.0.0.1:0'],
      /--view .* does not listen: leave out --listen/,
    ],
    [
      '--cluster with a bad URL',
      ['--cluster', 'http://127.0.0.1:4222'],
      /--cluster: .*"http:\/\/127\.0\.0\.1:4222" is not a NATS server URL/,
    ],
    ['--view with no URL', ['--view', ' , '], /--view needs at least one NATS URL/],
    ['--node with a dot', ['--cluster', 'nats://127.0.0.1:4222', '--node', 'a.b'], /--node: the node name must be 1 to 64 letters.*"a\.b"/],
  ];

  it.each(MISTAKES)('refuses %s: exit 2, one sentence on stderr, nothing on stdout', async (_what, args, sentence) => {
    const r = await serve(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^tallyline serve: /);
    expect(lines[0]).toMatch(sentence);
  });
});

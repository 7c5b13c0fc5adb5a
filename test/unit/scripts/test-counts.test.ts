import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SUITE_FILES,
  countCheck,
  countPlaywright,
  countVitest,
  noEndToEndSpecs,
  staticTestCount,
  sumCounts,
  summaryLine,
  type Counts,
} from '../../../scripts/test-counts.mjs';
import vitestConfig from '../../../vitest.config';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(repo, 'test/fixtures/test-counts');
const tmp = mkdtempSync(join(tmpdir(), 'tallyline-counts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const numbers = ({ passed, failed, skipped }: Counts) => ({ passed, failed, skipped });
const fixtureJson = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function readSource(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A readSource over an in-memory tree. */
const sources =
  (files: Record<string, string>) =>
  (file: string): string | null =>
    files[file] ?? null;

const tests = (n: number) => Array.from({ length: n }, (_, i) => `it('t${i}', () => {});\n`).join('');

describe('the static count', () => {
  it('counts it( and test( call sites with their modifiers, one per it.each', () => {
    const source = [
      "it('a', () => {});",
      'test(`b`, () => {});',
      "it.skip('c', () => {});",
      "test.only('d', () => {});",
      "it.each([1, 2, 3])('e %s', () => {});",
      "test.fixme('f', () => {});",
    ].join('\n');
    expect(staticTestCount(source)).toBe(6);
  });

  it('does not count hooks, describes, conditional skips or look-alike names', () => {
    const source = [
      "test.describe('group', () => {});",
      'test.beforeAll(() => {});',
      "test.skip(process.platform === 'win32', 'not there');",
      "test.step('step', () => {});",
      "const fit = (x: string) => x; fit('x'); obj.it('y'); latest('z');",
    ].join('\n');
    expect(staticTestCount(source)).toBe(0);
  });
});

describe('checks and the summary line', () => {
  it('counts a check as one test, failed with its exit code when non-zero', () => {
    expect(numbers(countCheck('lint', 0))).toEqual({ passed: 1, failed: 0, skipped: 0 });
    expect(countCheck('lint', 2)).toEqual({ passed: 0, failed: 1, skipped: 0, reasons: ['lint exited 2'] });
    expect(countCheck('build', null).reasons).toEqual(['build exited on a signal']);
  });

  it('sums the parts and prints skipped only when there are some', () => {
    const total = sumCounts([countCheck('a', 0), countCheck('b', 1), { passed: 3, failed: 0, skipped: 2, reasons: [] }]);
    expect(summaryLine(total)).toBe('4 passed, 1 failed, 2 skipped');
    expect(summaryLine({ passed: 5, failed: 0, skipped: 0, reasons: [] })).toBe('5 passed, 0 failed');
  });

  it('fails the end-to-end suite when there are no specs, never skipping it silently', () => {
    expect(noEndToEndSpecs()).toEqual({ passed: 0, failed: 1, skipped: 0, reasons: ['no end-to-end specs found'] });
  });

  it('knows where vitest.config.ts and playwright.config.ts look for test files', () => {
    const { dir, suffix } = SUITE_FILES.vitest;
    expect(vitestConfig.test?.include).toEqual([`${dir}/**/*${suffix}`]);
    expect(readFileSync(join(repo, 'playwright.config.ts'), 'utf8')).toContain(`testDir: '${SUITE_FILES.playwright.dir}'`);
  });
});

describe('vitest reports', () => {
  const unit = (name: string) => `/repo/test/unit/${name}.test.ts`;
  const files = ['healthy', 'before-all', 'import-error', 'after-all', 'describe-hook'].map(unit);
  const tree = sources({ [unit('import-error')]: tests(2), [unit('absent')]: tests(3) });

  it('counts hook and import failures as failed, skips in a healthy file as skipped', () => {
    const c = countVitest({ report: fixtureJson('vitest-report.json'), exitCode: 1, files, readSource: tree, root: '/repo' });
    // healthy 1/1/2, before-all 0/2, import-error 0/2 (static), after-all 1/1, describe-hook 1/1.
    expect(numbers(c)).toEqual({ passed: 3, failed: 7, skipped: 2 });
    expect(c.reasons).toContain('test/unit/healthy.test.ts: 1 failed: subtracts');
    expect(c.reasons).toContain(
      'test/unit/import-error.test.ts: failed to run: Cannot find module ' +
        "'./gone' imported from " +
        `${unit('import-error')}, 2 failed (static count)`,
    );
    expect(c.reasons.find((r) => r.startsWith('test/unit/before-all.test.ts: 2 failed (the file failed: setup failed'))).toBeDefined();
  });

  it('counts a file absent from the report (the runner died part way) as its static count failed', () => {
    const c = countVitest({ report: fixtureJson('vitest-report.json'), exitCode: 1, files: [...files, unit('absent')], readSource: tree });
    expect(numbers(c)).toEqual({ passed: 3, failed: 10, skipped: 2 });
    expect(c.reasons).toContain(`${unit('absent')}: absent from the report, 3 failed (static count)`);
  });

  it('counts a missing or unreadable report as every file of the suite failed, at least one', () => {
    const run = { exitCode: 1, files: [unit('import-error'), unit('absent'), unit('unreadable')], readSource: tree };
    expect(numbers(countVitest({ ...run, report: null }))).toEqual({ passed: 0, failed: 6, skipped: 0 });
    expect(numbers(countVitest({ ...run, report: { not: 'a report' } }))).toEqual({ passed: 0, failed: 6, skipped: 0 });
    expect(countVitest({ ...run, files: [], report: null })).toEqual({ passed: 0, failed: 1, skipped: 0, reasons: ['no report'] });
  });

  it('adds one failure when the runner exits non-zero and no test failed, none when it exits 0', () => {
    const report = { testResults: [{ name: unit('a'), status: 'passed', message: '', assertionResults: [{ status: 'passed' }] }] };
    const c = countVitest({ report, exitCode: 1, files: [unit('a')], readSource: tree });
    expect(numbers(c)).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(c.reasons[0]).toMatch(/exited 1 but no test failed/);
    expect(numbers(countVitest({ report, exitCode: 0, files: [unit('a')], readSource: tree }))).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0,
    });
    expect(countVitest({ report, exitCode: null, files: [], readSource: tree }).failed).toBe(1);
  });
});

describe('Playwright reports', () => {
  const spec = (name: string) => `/repo/test/e2e/${name}.spec.ts`;

  it('counts unexpected, hook-skipped and result-less tests failed, flaky passed, test.skip skipped, errors failed', () => {
    const c = countPlaywright({
      report: fixtureJson('playwright-report.json'),
      exitCode: 1,
      files: [spec('a'), spec('hook')],
      readSource: sources({}),
    });
    // a: passes, retried (flaky) and meant to fail pass; fails and never ran fail; one skipped. hook: both fail.
    // The error without a location (a worker that died) is one more.
    expect(numbers(c)).toEqual({ passed: 3, failed: 5, skipped: 1 });
    expect(c.reasons).toContain('/repo/test/e2e/hook.spec.ts: 2 failed: first (unexpected); second (skipped)');
    expect(c.reasons).toContain('error: Error: worker process exited unexpectedly');
  });

  it('counts a spec that fails to load as its static count, and the specs that then did not run too', () => {
    const tree = sources({ [spec('broken')]: tests(2), [spec('other')]: tests(1) });
    const run = { report: fixtureJson('playwright-load-error.json'), exitCode: 1, readSource: tree, root: '/repo' };
    const c = countPlaywright({ ...run, files: [spec('broken'), spec('other')] });
    expect(numbers(c)).toEqual({ passed: 0, failed: 3, skipped: 0 });
    expect(c.reasons).toEqual([
      'test/e2e/broken.spec.ts: failed to load: Error: spec failed to load, 2 failed (static count)',
      'test/e2e/other.spec.ts: did not run, 1 failed (static count)',
    ]);
    // Without the list of specs, the file named in the error still counts its tests.
    expect(numbers(countPlaywright({ ...run, files: [] }))).toEqual({ passed: 0, failed: 2, skipped: 0 });
  });

  it('counts a missing report as every spec failed, and a non-zero exit never as green', () => {
    const tree = sources({ [spec('x')]: tests(4) });
    expect(numbers(countPlaywright({ report: null, exitCode: 1, files: [spec('x'), spec('y')], readSource: tree }))).toEqual({
      passed: 0,
      failed: 5,
      skipped: 0,
    });
    const empty = { config: { rootDir: '/repo/test/e2e' }, suites: [], errors: [] };
    expect(numbers(countPlaywright({ report: empty, exitCode: 1, files: [], readSource: tree }))).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });
});

// Real runs of the fixture folders, each with its own config, so the rules are checked against what
// vitest and Playwright actually write, not only against reports shaped by hand.
describe('real runs', () => {
  const bin = (name: string) => join(repo, 'node_modules/.bin', name);
  // The child runners must not think they are inside this vitest worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  let reports = 0;

  function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
    return spawnSync(bin(cmd), args, { cwd: repo, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
  }

  function vitest(dir: string) {
    const out = join(tmp, `vitest-${++reports}.json`);
    const config = join(fixtures, 'vitest/vitest.config.ts');
    const r = run('vitest', ['run', '--config', config, '--root', dir, '--reporter=json', `--outputFile.json=${out}`]);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(dir, f));
    return { report: readJson(out), exitCode: r.status, files, readSource, root: repo };
  }

  function playwright(specs: string[]) {
    const out = join(tmp, `playwright-${++reports}.json`);
    const config = join(fixtures, 'playwright/playwright.config.ts');
    const r = run('playwright', ['test', '--config', config, '--reporter=json', ...specs], { PLAYWRIGHT_JSON_OUTPUT_FILE: out });
    const files = specs.map((f) => join(fixtures, 'playwright', f));
    return { report: readJson(out), exitCode: r.status, files, readSource, root: repo };
  }

  it('vitest: hook failures and files that do not load count failed, it.skip skipped', () => {
    const r = vitest(join(fixtures, 'vitest'));
    expect(r.exitCode).toBe(1);
    expect(r.files).toHaveLength(8);
    // What vitest 4.1 itself says: 1 failed test; the beforeAll tests are "pending", the files that did
    // not load count nothing. This is the under-count the counter exists for.
    expect(r.report).toMatchObject({ numPassedTests: 6, numFailedTests: 1, numPendingTests: 6 });
    const c = countVitest(r);
    // passing 2, one-failing 1/1, skip 1 + 1 skipped, before-all 3 failed, import-error 1, top-throw 1,
    // after-all 1 passed + its error, describe-before 1 passed + the group's 2.
    expect(numbers(c), c.reasons.join('\n')).toEqual({ passed: 6, failed: 9, skipped: 1 });
    const reason = (file: string) => c.reasons.find((x) => x.startsWith(`test/fixtures/test-counts/vitest/${file}`));
    expect(reason('before-all.test.ts')).toMatch(/^\S+: 3 failed \(the file failed: setup failed;/);
    expect(reason('import-error.test.ts')).toMatch(/failed to run: Cannot find module '\.\/no-such-module'.*, 1 failed/);
    expect(reason('top-throw.test.ts')).toMatch(/failed to run: thrown at the top level, 1 failed/);
    expect(reason('after-all.test.ts')).toMatch(/1 failed .*teardown failed/);
    expect(reason('describe-before.test.ts')).toMatch(/2 failed .*: group inner one; group inner two$/);
  });

  it('vitest: an unhandled rejection the report does not show still counts one failure', () => {
    const r = vitest(join(fixtures, 'vitest/unhandled'));
    expect(r.report).toMatchObject({ success: true, numFailedTests: 0 });
    expect(r.exitCode).toBe(1);
    expect(numbers(countVitest(r))).toEqual({ passed: 1, failed: 1, skipped: 0 });
  });

  it('Playwright: a failing test.beforeAll fails both its tests, test.skip stays skipped', () => {
    const c = countPlaywright(playwright(['passing.spec.ts', 'failing.spec.ts', 'before-all.spec.ts', 'skip.spec.ts']));
    expect(numbers(c), c.reasons.join('\n')).toEqual({ passed: 1, failed: 3, skipped: 1 });
    expect(c.reasons).toContain('test/fixtures/test-counts/playwright/before-all.spec.ts: 2 failed: one (unexpected); two (skipped)');
  });

  it('Playwright: a spec that throws at load fails itself and every spec the aborted run left out', () => {
    const r = playwright(['passing.spec.ts', 'failing.spec.ts', 'before-all.spec.ts', 'skip.spec.ts', 'load-error.spec.ts']);
    expect(r.exitCode).toBe(1);
    expect(r.report).toMatchObject({ stats: { expected: 0, unexpected: 0, skipped: 0 } });
    const c = countPlaywright(r);
    expect(numbers(c), c.reasons.join('\n')).toEqual({ passed: 0, failed: 6, skipped: 0 });
    expect(c.reasons).toContain(
      'test/fixtures/test-counts/playwright/load-error.spec.ts: failed to load: Error: spec failed to load, 1 failed (static count)',
    );
  });
});

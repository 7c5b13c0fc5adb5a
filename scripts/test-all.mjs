// @ts-check
// `npm test`: every check and suite in order, then one line `N passed, N failed[, N skipped]`
// summing them all. Each check step (lint, typecheck, build) counts as one test; vitest and
// Playwright count their own tests, read from their JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'tallyline-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {string[]} */
const failures = [];

/** @param {string} label @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** @param {string} label @param {string} cmd @param {string[]} args */
function check(label, cmd, args) {
  if (run(label, cmd, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

/** @param {string} file @returns {any} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * @param {string} label @param {string} cmd @param {string[]} args @param {Record<string, string>} env @param {string} report
 * @param {(json: any) => {passed: number, failed: number, skipped: number} | null} count
 */
function suite(label, cmd, args, env, report, count) {
  const ok = run(label, cmd, args, env);
  const counts = report && existsSync(report) ? count(readJson(report)) : null;
  if (!counts) {
    // No report means the runner itself failed before running anything: one failure, not zero.
    totals.failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (!ok && counts.failed === 0) {
    totals.failed += 1;
    failures.push(`${label} (runner exited non-zero)`);
  } else if (counts.failed > 0) failures.push(`${label} (${counts.failed} failed)`);
}

const bin = (/** @type {string} */ name) => join(root, 'node_modules/.bin', name);

check('format (prettier)', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
check('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']);
check('lint (layers)', 'node', ['scripts/lint-imports.mjs']);
check('typecheck (node, electron)', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck (renderer)', bin('svelte-check'), ['--tsconfig', './tsconfig.web.json', '--fail-on-warnings']);
check('build', bin('electron-vite'), ['build']);

const vitestReport = join(reports, 'vitest.json');
suite(
  'unit and integration (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  {},
  vitestReport,
  (j) =>
    j && {
      passed: j.numPassedTests,
      failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0),
      skipped: j.numPendingTests + j.numTodoTests,
    },
);

const e2eDir = join(root, 'test/e2e');
if (existsSync(join(root, 'playwright.config.ts')) && existsSync(e2eDir) && readdirSync(e2eDir).some((f) => f.endsWith('.spec.ts'))) {
  const pwReport = join(reports, 'playwright.json');
  suite(
    'end to end (playwright)',
    bin('playwright'),
    ['test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_FILE: pwReport },
    pwReport,
    (j) =>
      j?.stats && {
        passed: j.stats.expected + j.stats.flaky,
        failed: j.stats.unexpected,
        skipped: j.stats.skipped,
      },
  );
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join('; ')}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);

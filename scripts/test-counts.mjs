// @ts-check
// How `npm test` (scripts/test-all.mjs) counts: each runner's JSON report, its exit code and the files it
// should have run become passed/failed/skipped, so that nothing broken can look green. Pure: the runner
// hands in the report, the exit code, the file list and a way to read a file's source.
//
// Rules
// - A check (format, lint, typecheck, build) is one test: passed when it exits 0, else failed.
// - vitest (vitest 4.1's json reporter), per file of `testResults`:
//   - a passed test counts passed, a failed one failed; one still 'pending' never finished: failed.
//   - The file itself failed when its status is 'failed' and it has a `message` or none of its tests
//     failed. vitest writes the file's first error as `message`: an import error, a top-level throw, a
//     file-level beforeAll/afterAll; a failing hook inside a describe leaves `message` empty, but then no
//     test failed either. In such a file every test that did not pass counts failed, not skipped (a failed
//     beforeAll reports its tests as skipped); if the file still has no failure (an afterAll that threw
//     after every test passed), its error is one failure. A failed file that reports no tests at all (it
//     did not import) counts max(1, static count) failed.
//   - Skipped and todo tests in a healthy file count skipped.
//   - A file of the suite (vitest.config.ts include) absent from the report did not run (the runner died
//     part way): max(1, static count) failed.
//   - Unhandled errors (outside any test) are not in vitest 4.1's json report (it even says success:
//     true), but vitest exits 1 for them: the exit-code rule below counts them.
// - Playwright (its json reporter), per test: outcome 'unexpected' counts failed; 'expected' and 'flaky'
//   count passed; 'skipped' counts skipped only when expectedStatus is 'skipped' (test.skip, fixme, a
//   conditional skip), else it did not run because a hook failed: failed; a test with no results failed.
//   Each top-level `errors` entry (a spec that throws at load, a config error) counts failed: when it
//   names a spec file of the suite that is absent from the report, that file's max(1, static count);
//   when it names another file, max(1, static count of that file); else 1. A spec file absent from the
//   report did not run (one spec that fails to load stops the whole run): max(1, static count) failed.
// - No playwright.config.ts or no *.spec.ts under test/e2e: 1 failure, "no end-to-end specs found".
// - Either runner: a missing or unreadable report counts every file of the suite max(1, static count)
//   failed (at least 1 in all); a runner that exits non-zero (or dies of a signal) with no failure
//   counted adds 1 failure, with the reason.
// - `npm test` exits non-zero when anything failed; the reasons are printed before the last line.
// The static count of a file is the number of `it(` / `test(` call sites in its source (modifiers such as
// .skip, .only and .each included), an estimate: a loop or an it.each that makes many tests counts once.
import { relative, resolve } from 'node:path';

/** Where each suite's files are: vitest.config.ts `include` and playwright.config.ts `testDir`. */
export const SUITE_FILES = {
  vitest: { dir: 'test/unit', suffix: '.test.ts' },
  playwright: { dir: 'test/e2e', suffix: '.spec.ts' },
};

/**
 * @typedef {{ passed: number, failed: number, skipped: number, reasons: string[] }} Counts
 * @typedef {(file: string) => string | null} ReadSource  the file's text, or null when unreadable
 * @typedef {object} SuiteRun
 * @property {unknown} report  the parsed JSON report, or null when missing or unreadable
 * @property {number | null} exitCode  null when the runner died of a signal
 * @property {string[]} files  absolute paths of the test files the suite should run
 * @property {ReadSource} readSource
 * @property {string} [root]  reasons name files relative to this
 */

const TEST_CALL =
  /(?<![\w$.])(?:it|test)(?:\.(?:only|skip|todo|fixme|fail|fails|concurrent|sequential|serial))*(?:\s*\(\s*['"`]|\.each\b)/g;

/** @param {string} source @returns {number} `it(` / `test(` call sites: an estimate of the tests in a file */
export function staticTestCount(source) {
  return source.match(TEST_CALL)?.length ?? 0;
}

/** @returns {Counts} */
const zero = () => ({ passed: 0, failed: 0, skipped: 0, reasons: [] });

/** @param {ReadSource} readSource @param {string} file */
const estimate = (readSource, file) => Math.max(1, staticTestCount(readSource(file) ?? ''));

/** @param {string} text */
const firstLine = (text) => text.split('\n')[0].slice(0, 200);

/** @param {string} label @param {number | null} exitCode @returns {Counts} */
export function countCheck(label, exitCode) {
  const c = zero();
  if (exitCode === 0) c.passed = 1;
  else {
    c.failed = 1;
    c.reasons.push(`${label} exited ${exitCode ?? 'on a signal'}`);
  }
  return c;
}

/** @returns {Counts} */
export function noEndToEndSpecs() {
  return { ...zero(), failed: 1, reasons: ['no end-to-end specs found'] };
}

/** @param {SuiteRun} run @param {string} file */
const show = (run, file) => (run.root ? relative(run.root, file) : file);

/** @param {SuiteRun} run @param {Counts} c @param {string[]} files @param {(file: string) => string} why */
function failFiles(run, c, files, why) {
  for (const file of files) {
    const n = estimate(run.readSource, file);
    c.failed += n;
    c.reasons.push(`${show(run, file)}: ${why(file)}, ${n} failed (static count)`);
  }
}

/** The exit-code rule, on top of what the report said. @param {SuiteRun} run @param {Counts} c */
function finish(run, c) {
  if (run.exitCode !== 0 && c.failed === 0) {
    c.failed = 1;
    c.reasons.push(`the runner exited ${run.exitCode ?? 'on a signal'} but no test failed (an error outside the tests, or a crash)`);
  }
  return c;
}

/** @param {SuiteRun} run @returns {Counts} */
function missingReport(run) {
  const c = zero();
  failFiles(run, c, run.files, () => 'no report');
  if (c.failed === 0) {
    c.failed = 1;
    c.reasons.push('no report');
  }
  return c;
}

/**
 * @typedef {{ title?: string, fullName?: string, status?: string }} VitestTest
 * @typedef {{ name: string, status?: string, message?: string, assertionResults?: VitestTest[] }} VitestFile
 */

/** @param {SuiteRun} run @returns {Counts} */
export function countVitest(run) {
  const report = /** @type {{ testResults?: VitestFile[] } | null} */ (run.report);
  if (!report || !Array.isArray(report.testResults)) return missingReport(run);
  const c = zero();
  for (const file of report.testResults) {
    const tests = file.assertionResults ?? [];
    const failedTests = tests.filter((t) => t.status === 'failed');
    const fileFailed = file.status === 'failed' && (Boolean(file.message) || failedTests.length === 0);
    const error = file.message ? `: ${firstLine(file.message)}` : '';
    if (fileFailed && tests.length === 0) {
      failFiles(run, c, [file.name], () => `failed to run${error}`);
      continue;
    }
    /** @type {string[]} */
    const failedNames = [];
    for (const t of tests) {
      if (t.status === 'passed') c.passed += 1;
      else if ((t.status === 'skipped' || t.status === 'todo') && !fileFailed) c.skipped += 1;
      else failedNames.push(t.fullName ?? t.title ?? '?');
    }
    if (fileFailed && failedNames.length === 0) failedNames.push(`(the file's own error${error || ', no message'})`);
    if (failedNames.length === 0) continue;
    c.failed += failedNames.length;
    const note = fileFailed ? ` (the file failed${error}; tests it did not run count failed)` : '';
    c.reasons.push(`${show(run, file.name)}: ${failedNames.length} failed${note}: ${failedNames.join('; ')}`);
  }
  const seen = new Set(report.testResults.map((f) => f.name));
  failFiles(
    run,
    c,
    run.files.filter((f) => !seen.has(f)),
    () => 'absent from the report',
  );
  return finish(run, c);
}

/**
 * @typedef {{ status?: string, expectedStatus?: string, results?: unknown[] }} PlaywrightTest
 * @typedef {{ title?: string, file?: string, specs?: { title?: string, tests?: PlaywrightTest[] }[], suites?: PlaywrightSuite[] }} PlaywrightSuite
 * @typedef {{ message?: string, location?: { file?: string } }} PlaywrightError
 */

/** @param {PlaywrightTest} t @returns {'passed' | 'failed' | 'skipped'} */
function playwrightOutcome(t) {
  if (t.status === 'skipped' && t.expectedStatus === 'skipped') return 'skipped';
  if (!t.results || t.results.length === 0) return 'failed';
  return t.status === 'expected' || t.status === 'flaky' ? 'passed' : 'failed';
}

/** @param {SuiteRun} run @returns {Counts} */
export function countPlaywright(run) {
  const report = /** @type {{ config?: { rootDir?: string }, suites?: PlaywrightSuite[], errors?: PlaywrightError[] } | null} */ (
    run.report
  );
  if (!report || !Array.isArray(report.suites)) return missingReport(run);
  const c = zero();
  // Suites name their file relative to the config's rootDir (its testDir); errors name it absolutely.
  const rootDir = report.config?.rootDir ?? '';
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {PlaywrightSuite} suite @param {string[]} failedNames */
  const walk = (suite, failedNames) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        const outcome = playwrightOutcome(t);
        if (outcome === 'failed') failedNames.push(`${spec.title ?? '?'} (${t.status ?? 'no status'})`);
        else c[outcome] += 1;
      }
    for (const child of suite.suites ?? []) walk(child, failedNames);
  };
  for (const suite of report.suites) {
    const file = resolve(rootDir, suite.file ?? '?');
    seen.add(file);
    /** @type {string[]} */
    const failedNames = [];
    walk(suite, failedNames);
    if (failedNames.length === 0) continue;
    c.failed += failedNames.length;
    c.reasons.push(`${show(run, file)}: ${failedNames.length} failed: ${failedNames.join('; ')}`);
  }
  const absent = run.files.filter((f) => !seen.has(f));
  /** @type {Map<string, string>} */
  const loadErrors = new Map();
  for (const e of report.errors ?? []) {
    const file = e.location?.file;
    const message = firstLine(e.message ?? 'no message');
    if (file && absent.includes(file)) loadErrors.set(file, message);
    else if (file && !seen.has(file)) failFiles(run, c, [file], () => `error: ${message}`);
    else {
      c.failed += 1;
      c.reasons.push(`${file ? `${show(run, file)}: ` : ''}error: ${message}`);
    }
  }
  failFiles(run, c, absent, (f) => (loadErrors.has(f) ? `failed to load: ${loadErrors.get(f)}` : 'did not run'));
  return finish(run, c);
}

/** @param {Counts[]} all @returns {Counts} */
export function sumCounts(all) {
  const c = zero();
  for (const x of all) {
    c.passed += x.passed;
    c.failed += x.failed;
    c.skipped += x.skipped;
    c.reasons.push(...x.reasons);
  }
  return c;
}

/** The last line of `npm test`, the one CI reads. @param {Counts} c */
export function summaryLine(c) {
  return `${c.passed} passed, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
}

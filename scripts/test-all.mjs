// @ts-check
// `npm test`: every check and suite in order, then one line `N passed, N failed[, N skipped]` summing
// them all; CI reads only that last line and the exit code. This file runs things; how their results are
// counted (so that a broken run cannot look green) is scripts/test-counts.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_FILES, countCheck, countPlaywright, countVitest, noEndToEndSpecs, sumCounts, summaryLine } from './test-counts.mjs';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'tallyline-test-'));
/** @type {{ label: string, counts: import('./test-counts.mjs').Counts }[]} */
const results = [];

/** @param {string} label @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;
}

/** @param {string} label @param {string} cmd @param {string[]} args */
function check(label, cmd, args) {
  results.push({ label, counts: countCheck(label, run(label, cmd, args)) });
}

/** @param {string} file @returns {unknown} null when missing or not JSON */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {string} file @returns {string | null} */
function readSource(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Absolute paths of the files under `dir` (relative to the root) ending in `suffix`. @param {{ dir: string, suffix: string }} where */
function suiteFiles({ dir, suffix }) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(abs, f))
    .sort();
}

const bin = (/** @type {string} */ name) => join(root, 'node_modules/.bin', name);

check('format (prettier)', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
check('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']);
check('lint (layers)', 'node', ['scripts/lint-imports.mjs']);
check('typecheck (node, electron)', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck (renderer)', bin('svelte-check'), ['--tsconfig', './tsconfig.web.json', '--fail-on-warnings']);
check('build', bin('electron-vite'), ['build']);

const unitLabel = 'unit and integration (vitest)';
const vitestReport = join(reports, 'vitest.json');
const vitestExit = run(unitLabel, bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
results.push({
  label: unitLabel,
  counts: countVitest({ report: readJson(vitestReport), exitCode: vitestExit, files: suiteFiles(SUITE_FILES.vitest), readSource, root }),
});

const e2eLabel = 'end to end (playwright)';
const specs = suiteFiles(SUITE_FILES.playwright);
if (!existsSync(join(root, 'playwright.config.ts')) || specs.length === 0) {
  console.log(`\n=== ${e2eLabel}: no playwright.config.ts or no *.spec.ts under ${SUITE_FILES.playwright.dir}`);
  results.push({ label: e2eLabel, counts: noEndToEndSpecs() });
} else {
  const pwReport = join(reports, 'playwright.json');
  const pwExit = run(e2eLabel, bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: pwReport });
  results.push({
    label: e2eLabel,
    counts: countPlaywright({ report: readJson(pwReport), exitCode: pwExit, files: specs, readSource, root }),
  });
}

const totals = sumCounts(results.map((r) => r.counts));
if (totals.failed > 0) {
  console.log('\nfailed:');
  for (const { label, counts } of results) for (const reason of counts.reasons) console.log(`  ${label}: ${reason}`);
}
rmSync(reports, { recursive: true, force: true });
console.log(summaryLine(totals));
process.exit(totals.failed > 0 ? 1 : 0);

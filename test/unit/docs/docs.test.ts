// The docs and the code in step: README.md and docs/*.md are read as a user reads them, and what
// they name (routes, CSV columns, settings, error codes, reject reasons, npm scripts, command
// flags, links) is checked against the tables the code itself runs on. A route, column, setting or
// code added to the code without its line in the docs fails here, and so does a doc that names
// something the code does not have. The CLI flags are read from the BUILT command's --help
// (`npm test` builds first; in a dev loop run `npx electron-vite build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src-shared/errors';
import { HTTP_ROUTES, LIVE_SOCKET_PATH } from '../../../src-shared/http-routes';
import { DEFAULT_SETTINGS, SETTINGS_RANGES, TEXT_SETTINGS, type NumericSetting } from '../../../src-shared/settings';
import type { RejectReason } from '../../../src-shared/types';
import { EVENT_COUNTS_HEADER, SUMMARIES_HEADER } from '../../../src-main/engine/export/csv-export';
import { EXIT_CODES } from '../../../src-main/serve/exit-codes';
import { HTTP_STATUS } from '../../../src-main/serve/http-json';
import { anchors, codeBlocks, headings, inlineCode, links, section, shellLines, tableRows } from './markdown';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const ALL_DOCS = ['README.md', ...DOCS];
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** Every reason, by name: tsc fails here when RejectReason gains or loses one. */
const REJECT_REASONS: Record<RejectReason, true> = {
  line_too_long: true,
  name_too_long: true,
  empty_name: true,
  invalid_json: true,
  missing_event: true,
  invalid_field: true,
  invalid_statsd_value: true,
  invalid_statsd_type: true,
  invalid_statsd_rate: true,
  invalid_utf8: true,
  future: true,
};

/** Fails with what is missing from the docs and what they name that the code does not have. */
function expectSame(documented: Iterable<string>, actual: Iterable<string>, what: string): void {
  const docs = new Set(documented);
  const code = new Set(actual);
  const undocumented = [...code].filter((x) => !docs.has(x)).sort();
  const unknown = [...docs].filter((x) => !code.has(x)).sort();
  expect({ undocumented, unknown }, what).toEqual({ undocumented: [], unknown: [] });
}

/** Rows of the tables in `md` whose first cell is one of `names`, by that name (a name listed twice fails). */
function rowsByName(md: string, names: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const row of tableRows(md)) {
    if (!names.includes(row[0])) continue;
    expect(byName.has(row[0]), `${row[0]} is documented twice`).toBe(false);
    byName.set(row[0], row);
  }
  return byName;
}

describe('docs/api.md', () => {
  const api = read('docs/api.md');
  const routes = [...Object.values(HTTP_ROUTES).map((r) => `${r.method} ${r.path}`), `WS ${LIVE_SOCKET_PATH}`].sort();

  it('lists every route of HTTP_ROUTES (and WS /api/live) in its routes table, and no other', () => {
    const listed = tableRows(section(api, 'Routes'))
      .filter((row) => /^(GET|POST|PATCH|DELETE|WS)$/.test(row[0]))
      .map((row) => `${row[0]} ${row[1]}`);
    expectSame(listed, routes, 'routes table');
    expect(listed.length, 'a route listed twice').toBe(routes.length);
  });

  it('gives every route a section of its own with an example, and has no section for a route that does not exist', () => {
    const sections = headings(api).filter((h) => /^(GET|POST|PATCH|DELETE|WS) \/api/.test(h.text));
    expectSame(
      sections.map((h) => h.text),
      routes,
      'route sections',
    );
    for (const h of sections) expect(codeBlocks(h.body).length, `${h.text} has no example`).toBeGreaterThan(0);
  });

  it('documents every setting with its default and its range', () => {
    const names = Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[];
    const rows = rowsByName(section(api, 'Settings'), names);
    for (const name of names) {
      const row = rows.get(name);
      expect(row, `setting ${name} is not in the settings table`).toBeDefined();
      const [, def, range, meaning] = row!;
      expect(def, `default of ${name}`).toBe(DEFAULT_SETTINGS[name] === '' ? "''" : String(DEFAULT_SETTINGS[name]));
      const bounds =
        name === 'event_time'
          ? 'true or false'
          : name === 'cluster_mode'
            ? 'off, node or view'
            : (TEXT_SETTINGS as readonly string[]).includes(name)
              ? 'text'
              : SETTINGS_RANGES[name as NumericSetting].join(' to ');
      expect(range, `range of ${name}`).toBe(bounds);
      expect(meaning, `meaning of ${name}`).not.toBe('');
    }
    // Every numeric setting has a range, and no row names a setting that does not exist.
    expect(Object.keys(SETTINGS_RANGES).sort()).toEqual(
      names.filter((n) => n !== 'event_time' && n !== 'cluster_mode' && !(TEXT_SETTINGS as readonly string[]).includes(n)).sort(),
    );
    const settingLike = tableRows(section(api, 'Settings')).filter((row) => /^[a-z]+(_[a-z]+)+$/.test(row[0]));
    expectSame(
      settingLike.map((row) => row[0]),
      names,
      'settings table',
    );
  });

  it('documents every error code with its HTTP status and exit code, and no code that does not exist', () => {
    const table = section(api, 'Errors');
    const rows = rowsByName(table, ERROR_CODES);
    for (const code of ERROR_CODES) {
      const row = rows.get(code);
      expect(row, `error code ${code} is not in the errors table`).toBeDefined();
      expect(row![1], `HTTP status of ${code}`).toBe(String(HTTP_STATUS[code]));
      expect(row![2], `exit code of ${code}`).toBe(String(EXIT_CODES[code]));
      expect(row![3], `meaning of ${code}`).not.toBe('');
    }
    const codeLike = tableRows(table).filter((row) => /^[A-Z][A-Z_]+$/.test(row[0]));
    expectSame(
      codeLike.map((row) => row[0]),
      ERROR_CODES,
      'errors table',
    );
  });
});

describe('docs/protocol.md', () => {
  const protocol = read('docs/protocol.md');

  it('says what triggers every reject reason, and names no reason that does not exist', () => {
    const reasons = Object.keys(REJECT_REASONS);
    const rows = tableRows(section(protocol, 'Rejected lines')).filter((row) => row[0] !== 'Reason');
    expectSame(
      rows.map((row) => row[0]),
      reasons,
      'reject reasons table',
    );
    for (const row of rows) expect(row[1], `trigger of ${row[0]}`).not.toBe('');
  });

  it('gives each limit the default of its setting', () => {
    const limits = ['max_line_bytes', 'max_name_chars', 'max_connections'] as const;
    const rows = tableRows(section(protocol, 'Limits')).filter((row) => (limits as readonly string[]).includes(row[1]));
    expect(rows.map((row) => row[1]).sort()).toEqual([...limits].sort());
    for (const row of rows)
      expect(row[2].split(' ')[0], `default of ${row[1]}`).toBe(String(DEFAULT_SETTINGS[row[1] as (typeof limits)[number]]));
  });
});

describe('docs/csv.md', () => {
  const csv = read('docs/csv.md');
  const headers = { 'summaries.csv': SUMMARIES_HEADER, 'event_counts.csv': EVENT_COUNTS_HEADER };

  it.each(Object.entries(headers))('shows the header of %s exactly, and lists its columns in order', (file, header) => {
    const body = section(csv, file);
    const blocks = codeBlocks(body).filter((b) => b.lang === 'csv');
    expect(blocks.length, `${file} has no csv block`).toBeGreaterThan(0);
    // The first csv block is the header itself; every example after it starts with the same header.
    expect(blocks[0].text.trim()).toBe(header.join(','));
    for (const b of blocks) expect(b.text.split('\n')[0]).toBe(header.join(','));
    const columns = tableRows(body).filter((row) => /^\d+$/.test(row[0]));
    expect(columns.map((row) => row[1])).toEqual([...header]);
    expect(columns.map((row) => Number(row[0]))).toEqual(header.map((_, i) => i + 1));
    for (const row of columns) expect(row[2], `meaning of ${row[1]}`).not.toBe('');
  });
});

describe('README.md and docs/*.md', () => {
  const commands = new Map<string, string>();

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'out/main/cli.js')))
      throw new Error('out/main/cli.js is missing: run `npx electron-vite build` (npm test does) before these tests');
    const help = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/tallyline.js'), ...args, '--help'], { encoding: 'utf8' }).stdout;
    const top = help([]);
    const names = [...top.slice(top.indexOf('Commands:')).matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((n) => n !== 'help');
    for (const name of names) commands.set(name, help([name]));
  });

  /** The flags of a command's --help: `--ui-port`, `-o`, … */
  const flagsOf = (help: string) => new Set([...help.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)].map((m) => m[1]));

  it('links only to files that exist in the repository, and to headings that exist in them', () => {
    for (const file of ALL_DOCS) {
      for (const { target, line } of links(read(file))) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#');
        const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
        const where = `${file}:${line} -> ${target}`;
        expect(relative(ROOT, resolved).startsWith('..'), `${where} leaves the repository`).toBe(false);
        expect(existsSync(resolved), `${where}: no such file`).toBe(true);
        if (anchor !== undefined && resolved.endsWith('.md')) {
          expect(anchors(readFileSync(resolved, 'utf8')).has(anchor), `${where}: no such heading`).toBe(true);
        }
      }
    }
  });

  it('links every page of docs/ from the README, and names no design notes outside the repository', () => {
    const readmeLinks = links(read('README.md')).map((l) => l.target.split('#')[0]);
    for (const doc of DOCS) expect(readmeLinks, `README does not link ${doc}`).toContain(doc);
    for (const file of ALL_DOCS) expect(read(file), file).not.toMatch(/DESIGN|§/);
  });

  it('names only npm scripts that package.json has, and npm commands that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    // npm's own commands the docs may name; `test`, `start`, `stop` and `restart` run scripts.
    const builtins = ['install', 'i', 'ci', 'install-scripts', 'view', 'config', 'exec'];
    let checked = 0;
    for (const file of ALL_DOCS) {
      const md = read(file);
      for (const code of [...shellLines(md), ...inlineCode(md)]) {
        // `npm warn …` is npm's own output, quoted.
        for (const m of code.matchAll(/(?<![\w-])npm (?!warn\b)(run )?([a-z][\w:-]*)/g)) {
          const name = m[2];
          checked++;
          const isScript = m[1] !== undefined || ['test', 'start', 'stop', 'restart'].includes(name);
          if (isScript) expect(Object.keys(scripts), `${file}: \`${m[0]}\` names no script of package.json`).toContain(name);
          else expect(builtins, `${file}: \`${m[0]}\` is not an npm command these docs expect`).toContain(name);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('names only tallyline commands and flags that the built command has', () => {
    let checked = 0;
    for (const file of ALL_DOCS) {
      const md = read(file);
      for (const code of [...shellLines(md), ...inlineCode(md)]) {
        // A flag belongs to the command up to the end of its pipeline stage.
        for (const m of code.matchAll(/(?<![\w/-])tallyline ([a-z]+)([^|;>&#]*)/g)) {
          const [, command, rest] = m;
          if (command === 'help') continue;
          const help = commands.get(command);
          expect(help, `${file}: \`tallyline ${command}\` is not a command`).toBeDefined();
          const known = flagsOf(help!);
          for (const flag of rest.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)) {
            checked++;
            expect(known.has(flag[1]), `${file}: \`tallyline ${command} ${flag[1]}\` is not a flag of the command`).toBe(true);
          }
        }
      }
    }
    // Reading the docs found the examples at all (a parsing slip would pass vacuously).
    expect(checked).toBeGreaterThan(20);
  });

  it('documents every flag of every tallyline command in docs/api.md, and no other', () => {
    expect([...commands.keys()]).toContain('serve');
    const api = read('docs/api.md');
    for (const [command, help] of commands) {
      const rows = tableRows(section(api, `tallyline ${command}`)).filter((row) => row[0].startsWith('-'));
      const documented = new Set(rows.flatMap((row) => [...row[0].matchAll(/(--?[a-z][a-z-]*)/g)].map((m) => m[1])));
      const known = flagsOf(help);
      known.delete('--help');
      known.delete('-h');
      expectSame(documented, known, `flags of tallyline ${command}`);
    }
  });
});

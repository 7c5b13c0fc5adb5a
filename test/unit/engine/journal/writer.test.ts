import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../../src-main/engine/journal/writer';
import { readRecords, readSummaries } from '../../../../src-main/engine/journal/reader';
import { collect, MINUTE_MS, minuteRecords, tempDir, windowRecord } from '../../../support/window-records';

const T0 = Date.UTC(2025, 10, 29, 12, 0);
const DAY_MS = 86_400_000;
const SUMMARIES = 'summaries.jsonl';
const COUNTS = 'event_counts.jsonl';

let dir: string;
let remove: () => Promise<void>;
let warnings: string[];
const warn = (m: string): void => {
  warnings.push(m);
};

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  warnings = [];
});
afterEach(() => remove());

async function appendAndClose(records: ReturnType<typeof minuteRecords>): Promise<void> {
  const j = await Journal.open(dir, { warn });
  for (const r of records) j.append(r);
  j.close();
}

describe('Journal', () => {
  it('creates the data folder and reads back what was appended, counts included, after reopening', async () => {
    const nested = join(dir, 'a', 'b');
    const records = minuteRecords(T0, 5);
    const j = await Journal.open(nested, { warn });
    for (const r of records) j.append(r);
    j.close();
    expect(existsSync(join(nested, SUMMARIES))).toBe(true);
    expect(await collect(readRecords(nested))).toEqual(records);
    expect(warnings).toEqual([]);
  });

  it('continues the sequence after a reopen, so counts still join the right windows', async () => {
    const records = minuteRecords(T0, 6);
    await appendAndClose(records.slice(0, 3));
    await appendAndClose(records.slice(3));
    expect(await collect(readRecords(dir))).toEqual(records);
  });

  it('stores a window without counts without a counts line, and reads it back with none', async () => {
    const records = [windowRecord(T0), windowRecord(T0 + MINUTE_MS, { counts: [] }), windowRecord(T0 + 2 * MINUTE_MS)];
    await appendAndClose(records);
    expect(readFileSync(join(dir, COUNTS), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await collect(readRecords(dir))).toEqual(records);
  });

  it('repairs a torn last summary on open: warns with the file and bytes, keeps every committed record', async () => {
    const records = minuteRecords(T0, 4);
    await appendAndClose(records.slice(0, 3));
    const sPath = join(dir, SUMMARIES);
    const cPath = join(dir, COUNTS);
    const goodS = statSync(sPath).size;
    const goodC = statSync(cPath).size;
    // Power lost mid-append of window 4: its counts line made it, half of its summary line did.
    const nextS = `{"n":4,"s":${JSON.stringify(records[3].summary)}}\n`;
    appendFileSync(cPath, `{"n":4,"w":"${records[3].summary.window_start}","c":[["x",1]]}\n`);
    appendFileSync(sPath, nextS.slice(0, 40));

    const j = await Journal.open(dir, { warn });
    expect(statSync(sPath).size).toBe(goodS);
    expect(statSync(cPath).size).toBe(goodC);
    expect(warnings.some((w) => w.includes(sPath) && w.includes('40 bytes'))).toBe(true);
    expect(warnings.some((w) => w.includes(cPath))).toBe(true);
    j.append(records[3]);
    j.close();
    expect(await collect(readRecords(dir))).toEqual(records);
  });

  it('cuts a last line that has its newline but does not parse (zero-filled after a crash)', async () => {
    await appendAndClose(minuteRecords(T0, 2));
    const sPath = join(dir, SUMMARIES);
    const good = statSync(sPath).size;
    appendFileSync(sPath, Buffer.concat([Buffer.alloc(300), Buffer.from('\n')]));
    const j = await Journal.open(dir, { warn });
    j.close();
    expect(statSync(sPath).size).toBe(good);
    expect(warnings.join('\n')).toContain('301 bytes');
    expect(await collect(readSummaries(dir))).toHaveLength(2);
  });

  it('keeps a long unreadable tail (not a torn write) and appends after it', async () => {
    const records = minuteRecords(T0, 3);
    await appendAndClose(records.slice(0, 2));
    const sPath = join(dir, SUMMARIES);
    const junk = `${'x'.repeat(700_000)}\n`.repeat(2);
    appendFileSync(sPath, junk);
    const size = statSync(sPath).size;
    await appendAndClose(records.slice(2));
    expect(warnings).toEqual([]);
    expect(statSync(sPath).size).toBeGreaterThan(size);
    const read = await collect(readRecords(dir, {}, { warn }));
    expect(read).toEqual(records);
    expect(warnings).toHaveLength(2);
  });

  it('opens a journal with a corrupt line in the middle and readers skip it with a warning', async () => {
    const records = minuteRecords(T0, 3);
    await appendAndClose(records);
    const sPath = join(dir, SUMMARIES);
    const lines = readFileSync(sPath, 'utf8').split('\n');
    writeFileSync(sPath, [lines[0], 'not json at all', ...lines.slice(1)].join('\n'));
    await appendAndClose([]);
    expect(warnings).toEqual([]);
    const read = await collect(readRecords(dir, {}, { warn }));
    expect(read).toEqual(records);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('unreadable line');
  });

  it('keeps every committed record when the writing process is killed with SIGKILL mid-stream', async () => {
    // .mts: the temp folder has no package.json saying the script is an ES module.
    const script = join(dir, 'writer.mts');
    const journalUrl = new URL('../../../../src-main/engine/journal/writer.ts', import.meta.url).href;
    const supportUrl = new URL('../../../support/window-records.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { Journal } from ${JSON.stringify(journalUrl)};
       import { windowRecord } from ${JSON.stringify(supportUrl)};
       const j = await Journal.open(${JSON.stringify(join(dir, 'data'))});
       for (let i = 0; ; i++) { j.append(windowRecord(${T0} + i * 60000)); process.stdout.write(i + 1 + '\\n'); }`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let committed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        committed = Number(lines[lines.length - 1]);
        if (committed >= 300) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(committed).toBeGreaterThanOrEqual(300);
    const j = await Journal.open(join(dir, 'data'), { warn });
    j.close();
    const read = await collect(readRecords(join(dir, 'data')));
    expect(read.length).toBeGreaterThanOrEqual(committed);
    expect(read).toEqual(minuteRecords(T0, read.length));
  });

  it('refuses appends after close with JOURNAL_CLOSED', async () => {
    const j = await Journal.open(dir, { warn });
    j.close();
    expect(() => j.append(windowRecord(T0))).toThrow(expect.objectContaining({ code: 'JOURNAL_CLOSED' }));
  });
});

describe('Journal.compact', () => {
  // One hour windows over 40 days; "now" is the end of the last one.
  const HOUR_MS = 3_600_000;
  const hourly = Array.from({ length: 40 * 24 }, (_, i) => windowRecord(T0 + i * HOUR_MS, { seconds: 3600 }));
  const now = T0 + 40 * DAY_MS;
  /** Windows ending at or after now − 30 days: the first ends exactly at the cutoff. */
  const within30 = hourly.slice(10 * 24 - 1);

  it('keeps exactly the windows whose end is within the retention, with their counts', async () => {
    const j = await Journal.open(dir, { warn, retentionDays: 30 });
    j.appendAll(hourly);
    const { removed } = await j.compact(now);
    const cutoff = now - 30 * DAY_MS;
    const expected = hourly.filter((r) => Date.parse(r.summary.window_end) >= cutoff);
    expect(expected).toEqual(within30);
    expect(removed).toBe(hourly.length - expected.length);
    expect(expected[0].summary.window_end).toBe(new Date(cutoff).toISOString());
    expect(await collect(readRecords(dir))).toEqual(expected);
    // Still appendable, and the appends land in the new files.
    j.append(windowRecord(now, { seconds: 3600 }));
    j.close();
    expect(await collect(readRecords(dir))).toEqual([...expected, windowRecord(now, { seconds: 3600 })]);
  });

  it('uses the retention as changed at run time', async () => {
    const j = await Journal.open(dir, { warn });
    j.appendAll(hourly);
    j.retentionDays = 1;
    await j.compact(now);
    j.close();
    expect(await collect(readSummaries(dir))).toEqual(hourly.slice(-25).map((r) => r.summary));
  });

  it('removes nothing and rewrites nothing when every window is within retention', async () => {
    const j = await Journal.open(dir, { warn, retentionDays: 365 });
    j.appendAll(hourly);
    const before = statSync(join(dir, SUMMARIES)).ino;
    expect(await j.compact(now)).toEqual({ removed: 0 });
    expect(statSync(join(dir, SUMMARIES)).ino).toBe(before);
    j.close();
  });

  it('keeps windows appended while it runs', async () => {
    const j = await Journal.open(dir, { warn, retentionDays: 30 });
    j.appendAll(hourly);
    const running = j.compact(now);
    const late = [windowRecord(now, { seconds: 3600 }), windowRecord(now + HOUR_MS, { seconds: 3600 })];
    for (const r of late) j.append(r);
    await running;
    j.close();
    const read = await collect(readRecords(dir));
    expect(read.slice(-2)).toEqual(late);
    expect(read).toEqual([...within30, ...late]);
  });

  it('lets a reader that started before it finish on the history it opened', async () => {
    const j = await Journal.open(dir, { warn, retentionDays: 30 });
    j.appendAll(hourly);
    const reader = readRecords(dir)[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(first.value).toEqual(hourly[0]);
    await j.compact(now);
    const rest: unknown[] = [];
    for (let r = await reader.next(); !r.done; r = await reader.next()) rest.push(r.value);
    expect(rest).toEqual(hourly.slice(1));
    expect(await collect(readSummaries(dir))).toEqual(within30.map((r) => r.summary));
    j.close();
  });

  it('stays consistent after a crash between its two renames (new summaries, old counts)', async () => {
    const j = await Journal.open(dir, { warn, retentionDays: 30 });
    j.appendAll(hourly);
    copyFileSync(join(dir, COUNTS), join(dir, 'counts.old'));
    await j.compact(now);
    j.close();
    copyFileSync(join(dir, 'counts.old'), join(dir, COUNTS));
    // A leftover of a compaction that never renamed is ignored and removed.
    writeFileSync(join(dir, SUMMARIES + '.compacting'), 'half written');
    const again = await Journal.open(dir, { warn, retentionDays: 30 });
    expect(existsSync(join(dir, SUMMARIES + '.compacting'))).toBe(false);
    const expected = within30;
    expect(await collect(readRecords(dir))).toEqual(expected);
    // The next compaction drops the orphaned counts.
    const bigCounts = statSync(join(dir, COUNTS)).size;
    await again.compact(now + HOUR_MS);
    again.close();
    expect(statSync(join(dir, COUNTS)).size).toBeLessThan(bigCounts);
    expect(await collect(readRecords(dir))).toEqual(expected.slice(1));
  });
});

// One owner per data folder: the lock file is taken atomically, refused with a sentence naming a
// live holder, taken over from a dead one (with a warning), and released only by its owner.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from '../../../../src-main/engine/journal/lock';

let dir: string;
const warnings: string[] = [];
const warn = (m: string) => warnings.push(m);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-lock-'));
  warnings.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (and been reaped), so nothing runs under it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function writeLock(holder: object): void {
  writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify(holder)}\n`);
}

describe('lockDataDir', () => {
  it('takes a free folder, writes pid and host, and releases it', () => {
    const lock = lockDataDir(dir, 'tallyline serve', warn);
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), app: 'tallyline serve' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('refuses a second owner with one sentence naming the holder, and leaves the holder its lock', () => {
    const first = lockDataDir(dir, 'tallyline serve', warn);
    expect(() => lockDataDir(dir, 'the Tallyline desktop app', warn)).toThrow(
      expect.objectContaining({
        code: 'DATA_DIR_LOCKED',
        message: expect.stringMatching(
          new RegExp(`^${dir} is in use by tallyline serve \\(pid ${process.pid} on ${hostname()}, since .+\\); use another`),
        ),
      }),
    );
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).app).toBe('tallyline serve');
    first.release();
    lockDataDir(dir, 'the Tallyline desktop app', warn).release();
  });

  it('refuses while a live process of this host holds it', () => {
    writeLock({ pid: process.ppid, host: hostname(), since: '2026-12-01T00:00:00Z', app: 'tallyline serve' });
    expect(() => lockDataDir(dir, 'x', warn)).toThrow(`pid ${process.ppid}`);
  });

  it('takes over the stale lock of a dead process, with a warning', async () => {
    const pid = await deadPid();
    writeLock({ pid, host: hostname(), since: '2026-12-01T00:00:00Z', app: 'tallyline serve' });
    const lock = lockDataDir(dir, 'tallyline serve', warn);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(warnings).toEqual([
      `${dir}: took over the lock of tallyline serve (pid ${pid} on ${hostname()}, since 2026-12-01T00:00:00Z), which is no longer running`,
    ]);
    lock.release();
  });

  it('refuses a lock held on another machine (it cannot tell whether that one still runs) and says how to clear it', () => {
    writeLock({ pid: 1, host: 'some-other-host', since: '2026-12-01T00:00:00Z', app: 'tallyline serve' });
    expect(() => lockDataDir(dir, 'x', warn)).toThrow(`another machine: remove ${join(dir, LOCK_FILE)} if it no longer runs there`);
  });

  it('refuses a lock file that does not say who holds it, rather than guess', () => {
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    expect(() => lockDataDir(dir, 'x', warn)).toThrow(expect.objectContaining({ code: 'DATA_DIR_LOCKED' }));
  });

  it('releases only its own lock: one taken over by another owner stays', async () => {
    const lock = lockDataDir(dir, 'first', warn);
    writeLock({ pid: await deadPid(), host: hostname(), since: 'later', app: 'second' });
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).app).toBe('second');
  });
});

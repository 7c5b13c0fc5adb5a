// One owner per data folder: two processes appending to one journal destroy it (each appends at
// its own idea of the end, and one's compaction deletes what the other writes). The owner holds
// `tallyline.lock` in the folder: created atomically (hard link of a complete temp file, which
// fails when the lock exists), holding the pid and host name of its holder. A lock whose holder
// is a dead process of this host is stale and taken over with a warning; anything else refuses
// with a sentence that names the holder. Readers (`tallyline export`) never take it.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../errors';

export const LOCK_FILE = 'tallyline.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, e.g. "tallyline serve" or "Tallyline (desktop)". */
  app: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') {
      return { pid: v.pid, host: v.host, since: String(v.since ?? '?'), app: String(v.app ?? 'another Tallyline') };
    }
  } catch {
    // Missing (released meanwhile) or unreadable: see below.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(h: LockHolder): string {
  return `${h.app} (pid ${h.pid} on ${h.host}, since ${h.since})`;
}

function sameHolder(a: LockHolder | null, b: LockHolder | null): boolean {
  return a !== null && b !== null && a.pid === b.pid && a.host === b.host && a.since === b.since;
}

/**
 * Takes the lock of `dataDir` (which must exist) for this process, or throws DATA_DIR_LOCKED with
 * one sentence naming the holder. `warn` hears about a stale lock taken over.
 */
export function lockDataDir(dataDir: string, app: string, warn: (message: string) => void): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), app };
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(me)}\n`);
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(temp, path);
        return ownedLock(path, me);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(path);
      if (holder === null) {
        // Half-written by a holder that died in the instant between create and write, or not ours at all.
        throw new EngineError(
          'DATA_DIR_LOCKED',
          `${dataDir} is locked by ${path}, which does not say who holds it; remove it if no Tallyline uses this folder`,
        );
      }
      const stale = holder.host === me.host && holder.pid !== process.pid && !isAlive(holder.pid);
      if (!stale) {
        const where = holder.host === me.host ? '' : ` (another machine: remove ${path} if it no longer runs there)`;
        throw new EngineError(
          'DATA_DIR_LOCKED',
          `${dataDir} is in use by ${describe(holder)}${where}; use another data folder or stop that one first`,
        );
      }
      // Move the stale lock aside, then check that what moved is the stale lock and not a
      // newer one a racing process took over in between; put such a newer lock back.
      const aside = `${path}.stale.${process.pid}`;
      try {
        renameSync(path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readHolder(aside);
      if (sameHolder(moved, holder)) {
        unlinkSync(aside);
        warn(`${dataDir}: took over the lock of ${describe(holder)}, which is no longer running`);
      } else {
        try {
          linkSync(aside, path);
        } finally {
          unlinkSync(aside);
        }
      }
    }
    throw new EngineError(
      'DATA_DIR_LOCKED',
      `${dataDir}: could not take its lock (${path}) after 10 attempts; other processes keep taking it`,
    );
  } finally {
    unlinkSync(temp);
  }
}

function ownedLock(path: string, holder: LockHolder): DataDirLock {
  let released = false;
  return {
    path,
    holder,
    release() {
      if (released) return;
      released = true;
      // Only our own: a lock that is no longer ours (removed by hand and taken by another) stays.
      if (sameHolder(readHolder(path), holder)) unlinkSync(path);
    },
  };
}

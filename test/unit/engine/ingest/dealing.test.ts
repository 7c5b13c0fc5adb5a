// Who helps read a busy connection's next chunk (helperFor): the threads take turns, its home first,
// a thread behind on its queue passes its turn, and the engine's thread gives its turns to a worker
// that keeps up. Shards here are their figures alone: the policy
// reads nothing else of them (the threads themselves are exercised in ingest-spread.test.ts).
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../../src-main/engine/ingest/connection';
import { helperFor, KEEPING_UP_BYTES } from '../../../../src-main/engine/ingest/dealing';
import type { WorkerShard } from '../../../../src-main/engine/ingest/worker-shard';

const MIB = 1024 * 1024;
const shard = (name: string, backlog = 0, dead = false) => ({ name, backlog, dead }) as unknown as WorkerShard;
const connOn = (home: WorkerShard | null) => ({ worker: home, spreadTurn: 0 }) as unknown as Connection;
/**
 * The next `n` picks, by name: 'home' for the whole chunk at home, 'engine' for the engine's thread.
 * keepingUpBytes 0 (the default here): the engine's thread takes every turn of its own.
 */
function picks(conn: Connection, shards: WorkerShard[], n: number, keepingUpBytes = 0): string[] {
  return Array.from({ length: n }, () => {
    const h = helperFor(conn, shards, keepingUpBytes);
    return h === undefined ? 'home' : h === null ? 'engine' : (h as unknown as { name: string }).name;
  });
}

describe('helperFor', () => {
  it('has no helper without workers', () => {
    expect(picks(connOn(null), [], 3)).toEqual(['home', 'home', 'home']);
  });

  it('takes turns: a connection read here is helped by each worker in turn, its home among them', () => {
    const [a, b, c] = [shard('a'), shard('b'), shard('c')];
    expect(picks(connOn(null), [a, b, c], 8)).toEqual(['a', 'b', 'c', 'home', 'a', 'b', 'c', 'home']);
  });

  it("takes turns: a worker's connection is helped by the engine's thread, then the other workers", () => {
    const [a, b, c] = [shard('a'), shard('b'), shard('c')];
    expect(picks(connOn(b), [a, b, c], 8)).toEqual(['engine', 'a', 'c', 'home', 'engine', 'a', 'c', 'home']);
  });

  it('passes the turn of a helper behind on its queue, or dead, to the home', () => {
    const [a, b] = [shard('a', MIB), shard('b', 0, true)];
    expect(picks(connOn(null), [a, b], 3)).toEqual(['home', 'home', 'home']);
    expect(picks(connOn(null), [shard('a', MIB - 1)], 2)).toEqual(['a', 'home']);
  });

  it("gives the turn of a home behind on its queue to the engine's thread", () => {
    const home = shard('a', 2 * MIB);
    expect(picks(connOn(home), [home], 4)).toEqual(['engine', 'engine', 'engine', 'engine']);
    const keepingUp = shard('b', MIB - 1);
    expect(picks(connOn(keepingUp), [keepingUp], 2)).toEqual(['engine', 'home']);
  });

  it("gives the engine's thread's turns to the worker with the least queued, while it keeps up", () => {
    const [a, b, c] = [shard('a', KEEPING_UP_BYTES - 1), shard('b', 1000), shard('c', 10)];
    // Read here: every turn is the engine's thread's (its home's) or a worker's.
    expect(picks(connOn(null), [a, b, c], 4, KEEPING_UP_BYTES)).toEqual(['a', 'b', 'c', 'c']);
    // A worker's connection: the engine's turn goes to c; the home's own turn stays home.
    expect(picks(connOn(b), [a, b, c], 4, KEEPING_UP_BYTES)).toEqual(['c', 'a', 'c', 'home']);
    // The home keeps up best: the engine's turn is the home's, which reads the chunk whole.
    const home = shard('h', 0);
    expect(picks(connOn(home), [home, shard('d', 5)], 3, KEEPING_UP_BYTES)).toEqual(['home', 'd', 'home']);
  });

  it("keeps the engine's thread's turns when no worker keeps up, and gives it a home's that is behind", () => {
    const [a, b] = [shard('a', KEEPING_UP_BYTES), shard('b', 2 * MIB, true)];
    expect(picks(connOn(null), [a, b], 3, KEEPING_UP_BYTES)).toEqual(['a', 'home', 'home']);
    const home = shard('h', 2 * MIB);
    expect(picks(connOn(home), [home], 2, KEEPING_UP_BYTES)).toEqual(['engine', 'engine']);
    // A home behind, another worker keeping up: that one takes the home's turn as well as the engine's.
    const spare = shard('s', 0);
    expect(picks(connOn(home), [home, spare], 3, KEEPING_UP_BYTES)).toEqual(['s', 's', 's']);
  });
});

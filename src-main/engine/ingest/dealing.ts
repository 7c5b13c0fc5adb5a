// Which ingest thread reads a connection: a new one goes to the least loaded thread, by the bytes
// per second it was given over the last second or so, then by its connections (bytes first: one
// busy client can outweigh a hundred idle ones); new workers take a share of the engine thread's.
// A busy connection's chunks are shared out in turns (helperFor).
import type { ChunkSpreader, Connection } from './connection';
import type { WorkerShard } from './worker-shard';

export class LoadMeter {
  /** Bytes per second, as of the last measure() a second or more after the one before. */
  rate = 0;
  private lastTotal = 0;
  private at: number;

  constructor(now: number) {
    this.at = now;
  }

  /** `total`: bytes given to the thread so far. */
  measure(total: number, now: number): number {
    const span = now - this.at;
    if (span >= 1000) {
      this.rate = ((total - this.lastTotal) * 1000) / span;
      this.lastTotal = total;
      this.at = now;
    }
    return this.rate;
  }
}

/** What leastLoaded needs of a worker. */
export interface Loaded {
  readonly load: LoadMeter;
  readonly posted: number;
  readonly connections: { readonly size: number };
}

/**
 * The least loaded of `workers` by bytes per second, then by connections; null when `local` (the
 * engine's own thread, given as its rate and count) is less loaded. The engine's thread also reads
 * every socket, so a worker wins a tie.
 */
export function leastLoaded<W extends Loaded>(workers: readonly W[], local: { rate: number; count: number } | null, now: number): W | null {
  let best: W | null = null;
  let bestRate = Infinity;
  let bestCount = Infinity;
  for (const w of workers) {
    const rate = w.load.measure(w.posted, now);
    if (rate < bestRate || (rate === bestRate && w.connections.size < bestCount)) {
      best = w;
      bestRate = rate;
      bestCount = w.connections.size;
    }
  }
  if (local === null) return best;
  return local.rate < bestRate || (local.rate === bestRate && local.count < bestCount) ? null : best;
}

/** New workers (`fresh`, with none yet) take an even share of the connections the engine's thread reads (`local`). */
export function shareOut(local: readonly Connection[], fresh: readonly WorkerShard[]): void {
  const share = Math.floor(local.length / (fresh.length + 1));
  let next = 0;
  for (let i = 0; i < local.length - share && next < fresh.length; i++) {
    const conn = local[i]!;
    fresh[next]!.adopt(conn, conn.saveFraming());
    if (fresh[next]!.connections.size >= share) next++;
  }
}

/** Reads shorter than this are not shared: a sender fills reads only when the thread reading it falls behind. */
export const SPREAD_FROM_BYTES = 16 * 1024;
/** A worker with more than this many bytes still to read is not given a busy connection's chunks to help with. */
const HELP_BACKLOG_BYTES = 1024 * 1024;
/**
 * A worker with fewer bytes than this still to read keeps up, and takes the turns of the engine's
 * thread at a busy connection (helperFor). Four socket reads: enough that it has work queued while
 * the engine's thread reads a chunk of its own.
 */
export const KEEPING_UP_BYTES = 256 * 1024;

/**
 * The thread that helps read the next busy chunk of `conn` (Connection.spread): the threads take
 * turns, its home first (undefined: it reads the chunk whole), then the engine's thread (null) unless
 * it is the home, then each other worker.
 * - A worker behind on its queue passes its turn: a helper to the home, a home to the engine's
 *   thread (which gives it on as its own, below). Without the second, a home worker behind got its turns all the same, until flow control
 *   paused its connections and the engine's thread, done with its own, sat idle (JSON at a million
 *   names over 4 connections).
 * - The engine's thread gives its turns to the worker with the least queued while that one keeps up
 *   (has less than `keepingUpBytes` queued): it also reads every socket and deals every chunk, so on
 *   even turns it was the busiest thread while the workers waited for work. 0: it takes every turn.
 */
export function helperFor(
  conn: Connection,
  shards: readonly WorkerShard[],
  keepingUpBytes = KEEPING_UP_BYTES,
): WorkerShard | null | undefined {
  if (shards.length === 0) return undefined;
  const turn = (conn.spreadTurn = (conn.spreadTurn + 1) % (shards.length + 1));
  // A connection's home is one of the pool's workers (the spreader's shards), or the engine's thread.
  const home = conn.worker as WorkerShard | null;
  let owner = turnOf(turn, home, shards);
  if (owner !== null && (owner.dead || owner.backlog >= HELP_BACKLOG_BYTES)) {
    if (owner !== home) return undefined;
    owner = null;
  }
  if (owner === null) owner = keepingUp(shards, keepingUpBytes);
  return owner === home ? undefined : owner;
}

/** Whose turn `turn` is: the home's (0), then the engine's thread's (null) unless it is the home, then each other worker's. */
function turnOf(turn: number, home: WorkerShard | null, shards: readonly WorkerShard[]): WorkerShard | null {
  if (turn === 0) return home;
  let k = turn;
  if (home !== null && --k === 0) return null;
  for (const s of shards) {
    if (s === home) continue;
    if (--k === 0) return s;
  }
  return null;
}

/** The live worker with the least queued, if that is under `bytes`; else null (the engine's thread). */
function keepingUp(shards: readonly WorkerShard[], bytes: number): WorkerShard | null {
  let best: WorkerShard | null = null;
  let least = bytes;
  for (const s of shards) {
    if (s.dead) continue;
    const backlog = s.backlog;
    if (backlog < least) {
      best = s;
      least = backlog;
    }
  }
  return best;
}

/** The spreader of an engine's connections over `shards` (the array the pool keeps up to date); `opts` left out take the defaults. */
export function spreaderOver(
  shards: readonly WorkerShard[],
  opts: { spreadFromBytes?: number; keepingUpBytes?: number } = {},
): ChunkSpreader {
  const keepingUpBytes = opts.keepingUpBytes ?? KEEPING_UP_BYTES;
  return { spreadFromBytes: opts.spreadFromBytes ?? SPREAD_FROM_BYTES, helperFor: (conn) => helperFor(conn, shards, keepingUpBytes) };
}

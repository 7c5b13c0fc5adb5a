// The viewer's merge board (DESIGN §10): partials of one stream counted on 2–3 nodes merge to the
// single aggregator's record whatever their order; a window is final when every alive node reported
// (or after its grace), oldest first; late partials amend; duplicates are dropped; a restarted
// node's cut pieces add; what cannot be merged is refused with a reason, never thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MergeBoard, type AddResult, type BoardOptions } from '../../../src-main/engine/cluster/merge-board';
import { recordOfPartial } from '../../../src-main/engine/window/partial-record';
import type { WindowPartial } from '../../../src-main/engine/window/partial';
import type { WindowRecord } from '../../../src-shared/types';
import { feed, streamArb, T0, type StreamShape } from '../../support/partial-streams';
import { lines, nodePartials } from './node-partials';

const SMALL: StreamShape = { names: 40, users: 300, tagKeys: 12, tagValues: 20, maxLagMs: 2000 };
const NODES = ['a', 'b', 'c'];

/** The record without what only a cluster or a single machine can know: connections (each node's own peak) and the node lists. */
function comparable(r: WindowRecord): WindowRecord {
  const { nodes: _n, nodes_missing: _m, connections_peak: _c, ...summary } = r.summary;
  return { ...r, summary: { ...summary, connections_peak: 0 } };
}

describe('MergeBoard merges a stream counted on several nodes', () => {
  it('to the single aggregator record on every exact field, whatever the order partials arrive in', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((nodes) =>
            fc.tuple(
              fc.constant(nodes),
              streamArb(SMALL, { maxOps: 300, seconds: 6, shards: nodes }),
              fc.record({ window_seconds: fc.constantFrom(1, 2, 60), event_time: fc.boolean(), top_n: fc.constantFrom(3, 1000) }),
              fc.infiniteStream(fc.nat()),
            ),
          ),
        ([nodes, ops, settings, order]) => {
          const fed = feed({ ...settings, lateness_ms: 0 }, ops, nodes, false);
          const windowMs = settings.window_seconds * 1000;
          const board = new MergeBoard({ windowMs, topN: settings.top_n, graceMs: 10_000, aliveMs: 3_000, keepFinal: 1000 });
          for (let n = 0; n < nodes; n++) board.heartbeat(NODES[n]!, T0);
          // Every node's partials, shuffled by the drawn stream of numbers.
          const arrivals = fed.shards.flatMap((ps, n) => ps.map((p) => ({ node: NODES[n]!, p })));
          const it = order[Symbol.iterator]();
          for (let i = arrivals.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
          }
          for (const { node, p } of arrivals) expect(board.add(node, p)).toEqual({ kind: 'merged' });
          // Redelivered (JetStream delivers at least once): nothing counts twice.
          for (const { node, p } of arrivals.slice(0, 5)) expect(board.add(node, p)).toEqual({ kind: 'duplicate' });
          const last = fed.single.at(-1)!;
          const records = board.due(last.end_ms + 60_000);
          expect(records.map(comparable)).toEqual(fed.single.map((p) => comparable(recordOfPartial(p, { topN: settings.top_n }))));
          for (const r of records) {
            expect(r.summary.nodes).toEqual(NODES.slice(0, nodes));
            expect(r.summary.nodes_missing).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

const W = 10_000;
const OPTS: BoardOptions = { windowMs: W, topN: 10, graceMs: 5_000, aliveMs: 3_000, keepFinal: 3 };

/** Node `node`'s partial of the window starting `k` windows after T0, holding `n` events of `name`. */
function windowOf(k: number, n: number, name = 'e'): WindowPartial {
  const start = T0 + k * W;
  const [p] = nodePartials(lines(name, n, start + 100), { from: start, until: start + W, settings: { window_seconds: W / 1000 } });
  return p!;
}

function boardWith(heartbeats: Record<string, number>, opts: Partial<BoardOptions> = {}): MergeBoard {
  const board = new MergeBoard({ ...OPTS, ...opts });
  for (const [node, at] of Object.entries(heartbeats)) board.heartbeat(node, at);
  return board;
}

function amended(r: AddResult): WindowRecord {
  if (r.kind !== 'amended' || r.record === null) throw new Error(`expected an amendment with its record, got ${JSON.stringify(r)}`);
  return r.record;
}

describe('MergeBoard: when a window is final', () => {
  it('once every alive node reported and its end passed', () => {
    const board = boardWith({ a: T0 + W - 1000, b: T0 + W - 1000 });
    board.add('a', windowOf(0, 3));
    expect(board.due(T0 + W)).toEqual([]);
    board.add('b', windowOf(0, 4));
    expect(board.due(T0 + W - 1)).toEqual([]);
    const [r] = board.due(T0 + W);
    expect(r!.summary).toMatchObject({ events: 7, nodes: ['a', 'b'], nodes_missing: [] });
    expect(board.pendingCount()).toBe(0);
  });

  it('after end + grace when an alive node has not reported, which is then named missing', () => {
    const board = boardWith({ a: T0 + W, b: T0 + W });
    board.add('a', windowOf(0, 3));
    // b is kept alive by its heartbeats, but its partial does not come.
    board.heartbeat('b', T0 + W + OPTS.graceMs - 1000);
    expect(board.due(T0 + W + OPTS.graceMs - 1)).toEqual([]);
    const [r] = board.due(T0 + W + OPTS.graceMs);
    expect(r!.summary).toMatchObject({ events: 3, nodes: ['a'], nodes_missing: ['b'] });
  });

  it('at its end when the node that did not report is dead (no heartbeat within aliveMs)', () => {
    // b's last heartbeat came after the window started: it was up in it, so it is missing.
    const board = boardWith({ a: T0 + W, b: T0 + 1000, c: T0 - 1 });
    board.add('a', windowOf(0, 3));
    const [r] = board.due(T0 + W);
    // c's last heartbeat came before the window started: it was not up in it, so not missing.
    expect(r!.summary).toMatchObject({ nodes: ['a'], nodes_missing: ['b'] });
  });

  it('names missing a node killed early in a window, before its first heartbeat in it, and not one that stopped', () => {
    // a and b report window 0; b is killed just after window 1 starts (its last heartbeat came in
    // window 0); c stopped inside window 0 (its piece is cut): only b is missing from window 1.
    const board = boardWith({ a: T0 + 2 * W, b: T0 + W - 200, c: T0 + W / 2 });
    board.add('a', windowOf(0, 2));
    board.add('b', windowOf(0, 2));
    const [cut] = nodePartials(lines('e', 1, T0 + 100), {
      from: T0,
      until: T0 + W / 2,
      stop: true,
      settings: { window_seconds: W / 1000 },
    });
    board.add('c', cut!);
    board.add('a', windowOf(1, 3));
    const [r0, r1] = board.due(T0 + 2 * W + OPTS.graceMs);
    expect(r0!.summary).toMatchObject({ nodes: ['a', 'b', 'c'], nodes_missing: [] });
    expect(r1!.summary).toMatchObject({ events: 3, nodes: ['a'], nodes_missing: ['b'] });
  });

  it('oldest first: a newer complete window waits for an older one', () => {
    // A grace of 3 windows: window 0 is not final on grace alone.
    const board = boardWith({ a: T0 + 2 * W, b: T0 + 2 * W }, { graceMs: 3 * W });
    board.add('a', windowOf(0, 1));
    board.add('a', windowOf(1, 2));
    board.add('b', windowOf(1, 3));
    expect(board.due(T0 + 2 * W)).toEqual([]);
    board.add('b', windowOf(0, 4));
    expect(board.due(T0 + 2 * W).map((r) => [r.summary.window_start, r.summary.events])).toEqual([
      [new Date(T0).toISOString(), 5],
      [new Date(T0 + W).toISOString(), 5],
    ]);
  });
});

describe('MergeBoard: what it adds, and what it drops', () => {
  it('drops the same piece of a node twice, before and after the window is final', () => {
    const board = boardWith({ a: T0 + W });
    const p = windowOf(0, 3);
    expect(board.add('a', p)).toEqual({ kind: 'merged' });
    expect(board.add('a', structuredClone(p))).toEqual({ kind: 'duplicate' });
    const [r] = board.due(T0 + W);
    expect(r!.summary.events).toBe(3);
    expect(board.add('a', p)).toEqual({ kind: 'duplicate' });
  });

  it("adds a restarted node's cut pieces of one window (other starts inside it) as parts of the aligned window", () => {
    const board = boardWith({ a: T0 + W, b: T0 + W });
    // a counts 3 events, is stopped 4 s into the window, comes back 5.5 s in and counts 5 more.
    const before = nodePartials(lines('e', 3, T0 + 100), { from: T0, until: T0 + 4000, stop: true, settings: { window_seconds: 10 } });
    const after = nodePartials(lines('e', 5, T0 + 6000, 100), { from: T0 + 5500, until: T0 + W, settings: { window_seconds: 10 } });
    expect(before.map((p) => [p.start_ms - T0, p.end_ms - T0, p.partial])).toEqual([[0, 4000, true]]);
    expect(after.map((p) => [p.start_ms - T0, p.end_ms - T0])).toEqual([[5500, W]]);
    expect(board.add('a', before[0]!)).toEqual({ kind: 'merged' });
    expect(board.add('a', after[0]!)).toEqual({ kind: 'merged' });
    board.add('b', windowOf(0, 2));
    const [r] = board.due(T0 + W);
    expect(r!.summary).toMatchObject({ window_start: new Date(T0).toISOString(), window_end: new Date(T0 + W).toISOString(), events: 10 });
    expect(r!.summary.partial).toBeUndefined();
    expect(r!.summary.nodes).toEqual(['a', 'b']);
  });

  it("amends a final window with a cut piece of a node that had reported (its restart's piece came late)", () => {
    const board = boardWith({ a: T0 + W });
    const before = nodePartials(lines('e', 3, T0 + 100), { from: T0, until: T0 + 4000, stop: true, settings: { window_seconds: 10 } });
    const after = nodePartials(lines('e', 5, T0 + 6000, 100), { from: T0 + 5500, until: T0 + W, settings: { window_seconds: 10 } });
    board.add('a', before[0]!);
    expect(board.due(T0 + W)[0]!.summary.events).toBe(3);
    expect(amended(board.add('a', after[0]!)).summary).toMatchObject({ events: 8, nodes: ['a'] });
  });

  it('amends a final window with a late partial: the node is added and no longer missing', () => {
    const board = boardWith({ a: T0 + W, b: T0 + W });
    board.add('a', windowOf(0, 3, 'x'));
    const [r] = board.due(T0 + W + OPTS.graceMs);
    expect(r!.summary).toMatchObject({ events: 3, nodes: ['a'], nodes_missing: ['b'] });
    const late = amended(board.add('b', windowOf(0, 4, 'y')));
    expect(late.summary).toMatchObject({
      window_start: r!.summary.window_start,
      events: 7,
      unique_events: 2,
      nodes: ['a', 'b'],
      nodes_missing: [],
    });
    expect(late.event_counts.map((e) => [e.event, e.count])).toEqual([
      ['y', 4],
      ['x', 3],
    ]);
  });

  it('refuses, with a reason, a partial of a window older than the kept final windows', () => {
    const board = boardWith({ a: T0 });
    for (let k = 0; k < 4; k++) board.add('a', windowOf(k, 1));
    expect(board.due(T0 + 4 * W)).toHaveLength(4);
    // keepFinal is 3: windows 1–3 are kept, window 0 is not.
    expect(amended(board.add('b', windowOf(1, 1))).summary.nodes).toEqual(['a', 'b']);
    const r = board.add('b', windowOf(0, 1));
    expect(r).toEqual({ kind: 'refused', reason: expect.stringContaining('older than the 3 windows kept'), tooOld: true });
  });

  it('refuses, saying why, a partial of a window that had none when later windows became final', () => {
    const board = boardWith({ a: T0 });
    board.add('a', windowOf(0, 1));
    board.add('a', windowOf(2, 1));
    expect(board.due(T0 + 3 * W)).toHaveLength(2);
    const r = board.add('a', windowOf(1, 1));
    expect(r).toEqual({ kind: 'refused', reason: expect.stringContaining('had no partial when later windows became final'), tooOld: true });
  });

  it('refuses a partial of another window size, naming both sizes', () => {
    const board = boardWith({});
    const [p] = nodePartials(lines('e', 2, T0 + 100), { from: T0, until: T0 + 5000, settings: { window_seconds: 5 } });
    const r = board.add('a', p!);
    expect(r.kind).toBe('refused');
    expect(r.kind === 'refused' && r.reason).toMatch(/window size 5 s, this viewer's is 10 s/);
  });

  it('refuses a partial it cannot merge (counted under other limits) instead of throwing, and goes on merging', () => {
    const board = boardWith({ a: T0, b: T0 });
    board.add('a', windowOf(0, 3));
    const odd = { ...windowOf(0, 4), users_limit: 5 };
    const r = board.add('b', odd);
    expect(r.kind).toBe('refused');
    expect(r.kind === 'refused' && r.reason).toMatch(/users exactly to 10000 and to 5/);
    // Nothing of the refused partial stayed: b's good partial merges, once.
    expect(board.add('b', windowOf(0, 4))).toEqual({ kind: 'merged' });
    const [rec] = board.due(T0 + W);
    expect(rec!.summary).toMatchObject({ events: 7, nodes: ['a', 'b'] });
    // And the same refusal for a final window.
    const late = board.add('c', { ...windowOf(0, 1), users_limit: 5 });
    expect(late.kind).toBe('refused');
  });
});

describe('MergeBoard after a restart: resume() and caughtUp()', () => {
  it('replayed partials of a journaled window amend nothing when they bring no new node', () => {
    const board = boardWith({});
    board.resume([{ start: T0, nodes: ['a', 'b'] }]);
    expect(board.add('a', windowOf(0, 3))).toEqual({ kind: 'amended', record: null });
    expect(board.add('b', windowOf(0, 4))).toEqual({ kind: 'amended', record: null });
    // Partials of later windows wait while the replay runs: nothing is final before it caught up.
    board.add('a', windowOf(1, 2));
    expect(board.due(T0 + 10 * W)).toEqual([]);
    expect(board.caughtUp()).toEqual([]);
    expect(board.due(T0 + 10 * W).map((r) => r.summary.events)).toEqual([2]);
    // The rebuilt window knows its pieces: a replayed one again is a duplicate.
    expect(board.add('a', windowOf(0, 3))).toEqual({ kind: 'duplicate' });
  });

  it('replayed partials amend a journaled window once caught up when they add a node', () => {
    const board = boardWith({});
    board.resume([
      { start: T0, nodes: ['a'] },
      { start: T0 + W, nodes: ['a', 'b'] },
    ]);
    board.add('a', windowOf(0, 3));
    expect(board.add('b', windowOf(0, 4))).toEqual({ kind: 'amended', record: null });
    board.add('a', windowOf(1, 1));
    board.add('b', windowOf(1, 1));
    const out = board.caughtUp();
    expect(out.map((r) => r.summary)).toEqual([
      expect.objectContaining({ window_start: new Date(T0).toISOString(), events: 7, nodes: ['a', 'b'] }),
    ]);
    // Caught up: a further new node amends at once.
    expect(amended(board.add('c', windowOf(1, 2))).summary).toMatchObject({ events: 4, nodes: ['a', 'b', 'c'] });
  });

  it('refuses, once caught up, a partial of a journaled window the replay did not rebuild (it would replace the record with less)', () => {
    const board = boardWith({});
    board.resume([{ start: T0, nodes: ['a'] }]);
    expect(board.caughtUp()).toEqual([]);
    const r = board.add('b', windowOf(0, 1));
    expect(r).toEqual({ kind: 'refused', reason: expect.stringContaining('journaled before a restart') });
  });

  it('refuses replayed partials older than the journaled windows it keeps', () => {
    const board = boardWith({});
    board.resume([0, 1, 2, 3].map((k) => ({ start: T0 + k * W, nodes: ['a'] })));
    expect(board.add('a', windowOf(0, 1)).kind).toBe('refused');
    expect(board.add('a', windowOf(1, 1))).toEqual({ kind: 'amended', record: null });
  });
});

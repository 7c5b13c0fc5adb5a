// Random event streams for the partial tests, and the same stream fed to one Aggregator and, split
// over several shards, to one Aggregator per shard on the same clock: what ingest workers do.
// Numbers are chosen so that float sums are exact in any order (whole counts, values in quarters,
// sample rates powers of two), so that a merged field either equals the single aggregator's or a
// real difference shows; the tests say where a tolerance is needed anyway.
import fc from 'fast-check';
import { expect } from 'vitest';
import { LineParser } from '../../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../../src-main/engine/parse/parsed-event';
import { Aggregator } from '../../src-main/engine/window/aggregator';
import type { WindowPartial } from '../../src-main/engine/window/partial';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import type { RejectReason } from '../../src-shared/types';

/** 12:03:00.000 UTC, on a minute boundary. */
export const T0 = Date.UTC(2025, 10, 29, 12, 3);

export type Op =
  | { kind: 'line'; text: string; at: number; shard: number }
  | { kind: 'reject'; reason: RejectReason; at: number; shard: number }
  | { kind: 'connections'; n: number; at: number; shard: number }
  | { kind: 'flush'; at: number };

export interface StreamShape {
  /** Distinct names to draw from (skewed: low numbers come more often). */
  names: number;
  /** Distinct users to draw from. */
  users: number;
  /** Tag keys and values to draw from (past 16 keys or 32 values a key, breakdowns fold). */
  tagKeys: number;
  tagValues: number;
  /** JSON lines carry a ts this far behind their arrival (event-time mode reads it). */
  maxLagMs: number;
}

const REASONS: RejectReason[] = ['invalid_json', 'line_too_long', 'invalid_statsd_value', 'future', 'invalid_utf8'];

/**
 * A uniform number in [0, 1). Not fc.double, which draws evenly over the doubles' bit patterns
 * (most of them tiny), and without fast-check's bias to edge values, which would collapse a large
 * alphabet onto a few names.
 */
export const unitArb = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((i) => i / 2 ** 30);

function skewed(n: number): fc.Arbitrary<number> {
  // The product of two uniforms leans to 0: a few names come often, many rarely.
  return fc.tuple(unitArb, unitArb).map(([a, b]) => Math.floor(a * b * n));
}

/** One line of any format the parser reads; gauges of a name always go to one shard (see feed). */
export function lineArb(shape: StreamShape): fc.Arbitrary<string> {
  const name = skewed(shape.names).map((i) => `n${i}`);
  const user = fc.noBias(fc.nat(shape.users - 1)).map((i) => `u${i}`);
  const quarter = fc.integer({ min: -400, max: 40_000 }).map((v) => v / 4);
  const rate = fc.constantFrom('', '|@0.5', '|@0.25');
  const tag = fc.tuple(fc.nat(shape.tagKeys - 1), fc.nat(shape.tagValues - 1));
  const tags = fc.array(tag, { maxLength: 3 });
  const jsonTags = tags.map((ts) => (ts.length ? `,"tags":{${ts.map(([k, v]) => `"k${k}":"v${v}"`).join(',')}}` : ''));
  const statsdTags = tags.map((ts) => (ts.length ? `|#${ts.map(([k, v]) => `k${k}:v${v}`).join(',')}` : ''));
  return fc.oneof(
    name,
    fc
      .tuple(name, fc.option(user), fc.option(quarter), jsonTags, fc.nat(shape.maxLagMs))
      .map(
        ([n, u, v, t, lag]) => `{"event":"${n}"${u === null ? '' : `,"user":"${u}"`}${v === null ? '' : `,"value":${v}`}${t},"lag":${lag}}`,
      ),
    fc.tuple(name, fc.integer({ min: -5, max: 20 }), rate, statsdTags).map(([n, v, r, t]) => `${n}:${v}|c${r}${t}`),
    fc.tuple(name, quarter, fc.constantFrom('ms', 'h', 'd'), rate, statsdTags).map(([n, v, ty, r, t]) => `${n}:${v}|${ty}${r}${t}`),
    fc.tuple(name, fc.integer({ min: -50, max: 50 }), fc.constantFrom('', '+')).map(([n, v, sign]) => `g${n}:${v >= 0 ? sign : ''}${v}|g`),
    fc.tuple(name, user).map(([n, u]) => `${n}:${u}|s`),
  );
}

/** A stream over `seconds` seconds from T0, ops at distinct milliseconds (so gauge order is unambiguous). */
export function streamArb(shape: StreamShape, opts: { maxOps: number; seconds: number; shards: number }): fc.Arbitrary<Op[]> {
  const op = fc.oneof(
    { weight: 20, arbitrary: lineArb(shape).map((text) => ({ kind: 'line' as const, text })) },
    { weight: 1, arbitrary: fc.constantFrom(...REASONS).map((reason) => ({ kind: 'reject' as const, reason })) },
    { weight: 1, arbitrary: fc.nat(6).map((n) => ({ kind: 'connections' as const, n })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  );
  const span = opts.seconds * 1000;
  return fc.array(fc.tuple(op, fc.nat(opts.shards - 1)), { maxLength: opts.maxOps, size: 'max' }).map((ops) => {
    const step = Math.max(1, Math.floor(span / Math.max(1, ops.length)));
    return ops.map(([o, shard], i) => ({ ...o, shard, at: T0 + i * step }) as Op);
  });
}

export interface Fed {
  single: WindowPartial[];
  shards: WindowPartial[][];
}

/**
 * Feeds `ops` to one Aggregator and to `shards` of them (each op to its shard only, every flush to
 * all), then closes every window: with flushPartials past the last window, or with
 * flushAllPartials at the last op (`cut`). JSON lines get a ts `lag` ms before their arrival.
 * `gaugesOnOneShard` (default true) sends a gauge name's lines to one shard.
 */
export function feed(settings: Partial<Settings>, ops: Op[], shards: number, cut: boolean, opts: { gaugesOnOneShard?: boolean } = {}): Fed {
  const s = { ...DEFAULT_SETTINGS, ...settings };
  const single = new Aggregator(s, T0);
  const parts = Array.from({ length: shards }, () => new Aggregator(s, T0));
  const out: Fed = { single: [], shards: parts.map(() => []) };
  const connections = new Array<number>(shards).fill(0);
  const parser = new LineParser();
  const ev = newParsedEvent();
  for (const op of ops) {
    if (op.kind === 'flush') {
      out.single.push(...single.flushPartials(op.at));
      parts.forEach((p, i) => out.shards[i]!.push(...p.flushPartials(op.at)));
      continue;
    }
    // A connection (so its gauges) stays on one worker: a gauge name's lines all go to one shard.
    // (Default true; false spreads them, for tests of absolute levels only.)
    const sticky = opts.gaugesOnOneShard !== false && op.kind === 'line' && op.text.startsWith('g');
    const gauge = sticky ? Number(/\d+/.exec(op.text)![0]) % shards : op.shard;
    const shard = parts[gauge]!;
    if (op.kind === 'reject') {
      single.reject(op.reason, op.at);
      shard.reject(op.reason, op.at);
      single.addBytes(10, op.at);
      shard.addBytes(10, op.at);
    } else if (op.kind === 'connections') {
      // Each shard owns its connections; the single aggregator sees them all.
      connections[op.shard] = op.n;
      shard.setConnections(op.n, op.at);
      single.setConnections(
        connections.reduce((a, b) => a + b, 0),
        op.at,
      );
    } else {
      const text = op.text.replace(/"lag":(\d+)/, (_, lag: string) => `"ts":${op.at - Number(lag)}`);
      const buf = Buffer.from(text);
      expect(parser.parse(buf, 0, buf.length, ev), text).toBeNull();
      single.record(ev, op.at);
      shard.record(ev, op.at);
      single.addBytes(buf.length + 1, op.at);
      shard.addBytes(buf.length + 1, op.at);
    }
  }
  const last = ops.length ? ops[ops.length - 1]!.at : T0;
  // Past the last window's end and lateness, and no further: every window after it is empty.
  const end = last + s.window_seconds * 1000 + (s.event_time ? s.lateness_ms : 0);
  out.single.push(...(cut ? single.flushAllPartials(last) : single.flushPartials(end)));
  parts.forEach((p, i) => out.shards[i]!.push(...(cut ? p.flushAllPartials(last) : p.flushPartials(end))));
  return out;
}

/** A random binary tree over `items` in a random order, merged bottom-up with `merge`. */
export function mergeTreeArb(n: number): fc.Arbitrary<number[]> {
  // A permutation, then a sequence of pair choices: at each step two neighbours merge.
  return fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.nat(), { minLength: Math.max(0, n - 1), maxLength: Math.max(0, n - 1) }),
    )
    .map(([perm, picks]) => [...perm, ...picks]);
}

/** Merges items as the tree drawn by mergeTreeArb says. */
export function mergeByTree<T>(items: T[], tree: number[], merge: (a: T, b: T) => T): T {
  const n = items.length;
  let list: T[] = tree.slice(0, n).map((i) => items[i] as T);
  for (const pick of tree.slice(n)) {
    const i = pick % (list.length - 1);
    list = [...list.slice(0, i), merge(list[i] as T, list[i + 1] as T), ...list.slice(i + 2)];
  }
  return list[0] as T;
}

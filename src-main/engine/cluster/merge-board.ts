// The viewer's board of windows (DESIGN §10): partials from the nodes come in any order, once or
// more; the board merges them per window, says when a window is final, and amends a final window
// when a late partial arrives. Pure: time comes in as arguments, so tests replay any timeline.
//
// A window is final once every node alive now has reported it (alive: a heartbeat within
// aliveMs) and its end has passed, or once its end + grace has passed. Windows become final
// oldest first, so the journal stays in window order. A node is missing from a window when its
// last heartbeat came after the window started (it was up then) and it did not report it.
// A partial is known by (node, its start): a node restarted inside a window publishes a second,
// cut piece of it, which adds; the same piece twice is a duplicate and is dropped. Any new piece of
// a final window amends it. After a restart, the replayed pieces rebuild the journaled windows, and
// only those that gained a node since they were journaled are amended. A partial that cannot be
// merged (another window size, other limits, a window no longer kept) is refused with a reason.
import type { WindowRecord } from '../../../src-shared/types';
import { alignStart } from '../window/alignment';
import type { WindowPartial } from '../window/partial';
import { decodePartial, encodePartial } from '../window/partial-codec';
import { PartialFold } from '../window/partial-fold';
import { recordOfPartial } from '../window/partial-record';
import { widenToWindow } from './widen';

export interface BoardOptions {
  windowMs: number;
  /** How long after its end a window waits for nodes that have not reported. */
  graceMs: number;
  /** A node is alive while its last heartbeat is at most this old. */
  aliveMs: number;
  /** Final windows kept (merged) for amendments; a partial for an older one is refused. */
  keepFinal: number;
  topN: number;
}

export const DEFAULT_BOARD: Omit<BoardOptions, 'windowMs' | 'topN'> = { graceMs: 10_000, aliveMs: 3_000, keepFinal: 30 };

interface BoardWindow {
  start: number;
  /** The partials taken, merged as they come (bounded by the names kept); null once sealed. */
  fold: PartialFold | null;
  /** A final window's merge, encoded (compact while it waits for amendments); reopened into a fold by one. */
  sealed: Uint8Array | null;
  /** `node@start_ms` of every partial merged in. */
  pieces: Set<string>;
  nodes: Set<string>;
  /** Nodes whose last piece of the window was cut short: they stopped in it. */
  stopped: Set<string>;
  /** For a final window: the nodes its journaled record names (an amendment is due when `nodes` outgrows it). */
  journaled: Set<string> | null;
}

export type AddResult =
  | { kind: 'merged' }
  | { kind: 'duplicate' }
  | { kind: 'amended'; record: WindowRecord | null }
  | { kind: 'refused'; reason: string; tooOld?: boolean };

export class MergeBoard {
  private readonly pending = new Map<number, BoardWindow>();
  private readonly finals = new Map<number, BoardWindow>();
  /** The start of the newest final window: partials at or before it amend, or are refused. */
  private finalThrough = -Infinity;
  private readonly heartbeats = new Map<string, number>();
  /** While replaying the stream after a restart: final windows are rebuilt, nothing is amended or made final. */
  private replaying = false;

  constructor(private readonly opts: BoardOptions) {}

  /** Windows the journal already holds (newest last): partials for them rebuild, then amend if they add a node. */
  resume(journaled: readonly { start: number; nodes: readonly string[] }[]): void {
    this.replaying = true;
    for (const j of journaled.slice(-this.opts.keepFinal)) {
      this.finals.set(j.start, { ...emptyWindow(j.start), journaled: new Set(j.nodes) });
      if (j.start > this.finalThrough) this.finalThrough = j.start;
    }
  }

  /** The replay caught up with the stream: the amendments of windows that gained a node since they were journaled. */
  caughtUp(): WindowRecord[] {
    this.replaying = false;
    const out: WindowRecord[] = [];
    for (const w of [...this.finals.values()].sort((a, b) => a.start - b.start)) {
      const record = this.amendmentOf(w);
      if (record) out.push(record);
    }
    return out;
  }

  get windowMs(): number {
    return this.opts.windowMs;
  }

  heartbeat(node: string, now: number): void {
    this.heartbeats.set(node, now);
  }

  add(node: string, p: WindowPartial): AddResult {
    if (p.window_ms !== this.opts.windowMs) {
      return { kind: 'refused', reason: `window size ${p.window_ms / 1000} s, this viewer's is ${this.opts.windowMs / 1000} s` };
    }
    const start = alignStart(p.start_ms, this.opts.windowMs);
    const piece = `${node}@${p.start_ms}`;
    const final = this.finals.get(start);
    if (final) {
      if (final.pieces.has(piece)) return { kind: 'duplicate' };
      // Journaled before a restart and not rebuilt by the replay: an amendment would drop what the journal holds.
      if (!this.replaying && !holdsData(final))
        return {
          kind: 'refused',
          reason: `window ${new Date(start).toISOString()} was journaled before a restart and its partials are gone`,
        };
      const refused = this.mergeInto(final, node, piece, p);
      if (refused) return refused;
      if (this.replaying) return { kind: 'amended', record: null };
      // A new piece changes the record, even from a node the window names (a restarted node's later piece).
      final.journaled = new Set(final.nodes);
      return { kind: 'amended', record: this.recordOf(final) };
    }
    if (start <= this.finalThrough) {
      const kept = Math.min(...this.finals.keys());
      const why =
        start < kept
          ? `is older than the ${this.opts.keepFinal} windows kept for amendments`
          : 'had no partial when later windows became final (windows are journaled in order)';
      return { kind: 'refused', reason: `window ${new Date(start).toISOString()} ${why}`, tooOld: true };
    }
    const w = this.pending.get(start) ?? emptyWindow(start);
    if (w.pieces.has(piece)) return { kind: 'duplicate' };
    const refused = this.mergeInto(w, node, piece, p);
    if (refused) return refused;
    this.pending.set(start, w);
    return { kind: 'merged' };
  }

  /** The windows final at `now`, oldest first, as records naming their nodes and missing nodes. */
  due(now: number): WindowRecord[] {
    if (this.replaying) return [];
    const out: WindowRecord[] = [];
    for (const start of [...this.pending.keys()].sort((a, b) => a - b)) {
      const w = this.pending.get(start)!;
      const end = start + this.opts.windowMs;
      if (now < end) break;
      if (now < end + this.opts.graceMs && !this.aliveReported(w, now)) break;
      this.pending.delete(start);
      w.journaled = new Set(w.nodes);
      this.finals.set(start, w);
      this.finalThrough = start;
      out.push(this.recordOf(w));
    }
    this.forgetOldFinals();
    return out;
  }

  /** Windows waiting for nodes. */
  pendingCount(): number {
    return this.pending.size;
  }

  private aliveReported(w: BoardWindow, now: number): boolean {
    for (const [node, at] of this.heartbeats) if (now - at <= this.opts.aliveMs && !w.nodes.has(node)) return false;
    return true;
  }

  /** Merges `p` into `w`, or leaves `w` as it was and says why not (a partial counted under other limits). */
  private mergeInto(w: BoardWindow, node: string, piece: string, p: WindowPartial): { kind: 'refused'; reason: string } | null {
    const whole = widenToWindow(p, w.start, w.start + this.opts.windowMs);
    try {
      if (w.fold === null) {
        w.fold = new PartialFold();
        if (w.sealed !== null) w.fold.add(decodePartial(w.sealed));
        w.sealed = null;
      }
      w.fold.add(whole);
    } catch (err) {
      return { kind: 'refused', reason: (err as Error).message };
    }
    if (p.partial && p.end_ms < w.start + this.opts.windowMs) w.stopped.add(node);
    else w.stopped.delete(node);
    w.pieces.add(piece);
    w.nodes.add(node);
    return null;
  }

  private amendmentOf(w: BoardWindow): WindowRecord | null {
    if (!holdsData(w) || w.journaled === null) return null;
    for (const n of w.nodes) {
      if (!w.journaled.has(n)) {
        w.journaled = new Set(w.nodes);
        return this.recordOf(w);
      }
    }
    return null;
  }

  private recordOf(w: BoardWindow): WindowRecord {
    const record = recordOfPartial(mergedOf(w), { topN: this.opts.topN });
    const nodes = [...w.nodes].sort();
    const missing: string[] = [];
    // Up during the window: heard after it started, or it reported the window before and did not stop
    // in it (a node killed early in a window may not have sent a heartbeat in it yet).
    const before = this.finals.get(w.start - this.opts.windowMs) ?? this.pending.get(w.start - this.opts.windowMs);
    for (const [node, at] of this.heartbeats) {
      const wasUp = at >= w.start || (before?.nodes.has(node) === true && !before.stopped.has(node));
      if (wasUp && !w.nodes.has(node)) missing.push(node);
    }
    record.summary = { ...record.summary, nodes, nodes_missing: missing.sort() };
    return record;
  }

  private forgetOldFinals(): void {
    if (this.finals.size <= this.opts.keepFinal) return;
    const starts = [...this.finals.keys()].sort((a, b) => a - b);
    for (const s of starts.slice(0, starts.length - this.opts.keepFinal)) this.finals.delete(s);
  }
}

function emptyWindow(start: number): BoardWindow {
  return { start, fold: null, sealed: null, pieces: new Set(), nodes: new Set(), stopped: new Set(), journaled: null };
}

function holdsData(w: BoardWindow): boolean {
  return w.fold !== null || w.sealed !== null;
}

/** The window's partials merged, details included; the window is sealed (kept encoded) from then on. */
function mergedOf(w: BoardWindow): WindowPartial {
  if (w.fold === null) return decodePartial(w.sealed!);
  const merged = w.fold.result();
  w.sealed = encodePartial(merged);
  w.fold = null;
  return merged;
}

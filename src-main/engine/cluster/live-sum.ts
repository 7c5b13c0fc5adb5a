// The viewer's live view (DESIGN §10): each node's heartbeat carries its last seconds and its open
// window so far; the viewer's rates are their sum second by second, its open window the sum of the
// nodes' open windows of the same start. Closed windows come from the merged partials, not from here.
import type { CurrentWindow } from '../window/aggregator';
import { emptyPartial } from '../window/partial';
import { countersOfPartial } from '../window/partial-record';
import { MS_PER_SECOND, alignStart, epochSecond } from '../window/alignment';
import type { RateSeries } from '../window/rate-history';
import type { Heartbeat } from './cluster-names';

const KEEP_SECONDS = 300;

interface NodeLive {
  /** Events by epoch second, as the node last told. */
  seconds: Map<number, number>;
  last: Heartbeat;
  /** When the viewer received the last heartbeat (viewer clock). */
  at: number;
}

export class LiveSum {
  private readonly nodes = new Map<string, NodeLive>();

  constructor(
    private windowMs: number,
    private readonly aliveMs: number,
  ) {}

  add(hb: Heartbeat, now: number): void {
    let n = this.nodes.get(hb.node);
    if (!n) {
      n = { seconds: new Map(), last: hb, at: now };
      this.nodes.set(hb.node, n);
    }
    n.last = hb;
    n.at = now;
    const first = epochSecond(hb.rates_start);
    hb.rates.forEach((count, i) => n.seconds.set(first + i, count));
    const oldest = epochSecond(now) - KEEP_SECONDS;
    for (const s of n.seconds.keys()) if (s < oldest) n.seconds.delete(s);
  }

  /** Every node heard. */
  names(): IterableIterator<string> {
    return this.nodes.keys();
  }

  /** A node's last heartbeat and when it came, if it was heard. */
  node(name: string): NodeLive | undefined {
    return this.nodes.get(name);
  }

  anyAlive(now: number): boolean {
    for (const n of this.nodes.values()) if (now - n.at <= this.aliveMs) return true;
    return false;
  }

  alive(node: string, now: number): boolean {
    const n = this.nodes.get(node);
    return n !== undefined && now - n.at <= this.aliveMs;
  }

  /** Per-second events of every node summed, the last `seconds` up to `now`. */
  rates(now: number, seconds: number): RateSeries {
    const last = epochSecond(now);
    const counts = new Array<number>(seconds).fill(0);
    for (const n of this.nodes.values()) {
      for (let i = 0; i < seconds; i++) counts[i]! += n.seconds.get(last - seconds + 1 + i) ?? 0;
    }
    return { start: (last - seconds + 1) * MS_PER_SECOND, counts };
  }

  /** The open window at `now`: the alive nodes' open windows of that start, summed (no names: those come with the merge). */
  current(now: number): CurrentWindow {
    const start = alignStart(now, this.windowMs);
    const c = countersOfPartial(emptyPartial(start, start + this.windowMs, this.windowMs), 0);
    for (const n of this.nodes.values()) {
      if (now - n.at > this.aliveMs || n.last.current.start_ms !== start) continue;
      c.events += n.last.current.events;
      c.bytes += n.last.current.bytes;
      c.rejected += n.last.current.rejected;
    }
    const rates = this.rates(now, Math.max(1, Math.ceil((now - start) / MS_PER_SECOND)));
    for (const r of rates.counts) if (r > c.peak_rate) c.peak_rate = r;
    return { counters: c, top: [] };
  }

  setWindow(windowMs: number): void {
    this.windowMs = windowMs;
  }
}

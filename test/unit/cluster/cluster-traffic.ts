// Traffic for the cluster tests, and what a viewer must show for it: JSON lines with users and
// values, StatsD timers, plain lines, sent over a node's TCP and UDP listener or published on
// `tallyline.events.x`, with the exact totals kept as they are sent. The viewer's totals are read
// back over its whole range (the sum of all its windows), so the comparison does not depend on
// which window a line fell in.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { EventHistory, EventTotal } from '../../../src-shared/api';
import { sendRaw } from '../serve/support';
import { sendDatagrams } from '../../support/udp';
import { afterEach, beforeAll } from 'vitest';
import { stopAllNats } from '../../support/nats-server';
import { cleanupProcs, getJson, requireBuild, summaries, type Serve } from './cluster-procs';

export interface Values {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Per event name: occurrences, distinct users, values; the same shape for sent and merged. */
export interface Totals {
  events: Record<string, number>;
  users: Record<string, number>;
  values: Record<string, Values>;
  /** Windows whose distinct users are estimates (more than 128 of an event): the tests keep under that. */
  inexact: string[];
}

const NAMES = { json: 'signup', timer: 'api.latency', plain: 'page_view' } as const;

function addValue(into: Record<string, Values>, name: string, v: Values): void {
  const o = into[name];
  into[name] = o ? { count: o.count + v.count, sum: o.sum + v.sum, min: Math.min(o.min, v.min), max: Math.max(o.max, v.max) } : { ...v };
}

/** Lines made and remembered: the expected totals of everything sent so far. */
export class Traffic {
  private readonly events: Record<string, number> = {};
  private readonly users: Record<string, Set<string>> = {};
  private readonly values: Record<string, Values> = {};
  private serial = 0;

  /**
   * `n` lines of the three kinds in turn; each JSON line has a user of its own, so users never span
   * windows. Distinct users are exact up to 128 per event and window: keep a test under 384 lines.
   */
  lines(n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = this.serial++;
      const v = (k % 97) + 1;
      if (k % 3 === 0) {
        const user = `u${k}`;
        out.push(JSON.stringify({ event: NAMES.json, user, value: v }));
        this.count(NAMES.json, v);
        (this.users[NAMES.json] ??= new Set()).add(user);
      } else if (k % 3 === 1) {
        out.push(`${NAMES.timer}:${v}|ms`);
        this.count(NAMES.timer, v);
      } else {
        out.push(NAMES.plain);
        this.count(NAMES.plain, null);
      }
    }
    return out;
  }

  private count(name: string, value: number | null): void {
    this.events[name] = (this.events[name] ?? 0) + 1;
    if (value !== null) addValue(this.values, name, { count: 1, sum: value, min: value, max: value });
  }

  get total(): number {
    return Object.values(this.events).reduce((a, b) => a + b, 0);
  }

  expected(): Totals {
    return {
      events: { ...this.events },
      users: Object.fromEntries(Object.entries(this.users).map(([k, s]) => [k, s.size])),
      values: structuredClone(this.values),
      inexact: [],
    };
  }
}

/** One TCP connection, every line, closed once sent. */
export function sendTcp(node: Serve, lines: string[]): Promise<void> {
  return sendRaw(node.port!, lines.map((l) => l + '\n').join(''));
}

/** Datagrams of 10 lines each, one after another (small, so loopback does not drop them). */
export async function sendUdp(node: Serve, lines: string[]): Promise<void> {
  const grams: string[] = [];
  for (let i = 0; i < lines.length; i += 10) grams.push(lines.slice(i, i + 10).join('\n'));
  await sendDatagrams(node.port!, grams);
}

const publishers: NatsConnection[] = [];

/** A plain NATS client (reconnecting for ever), closed by closePublishers(). */
export async function natsClient(urls: string, opts: { token?: string } = {}): Promise<NatsConnection> {
  const nc = await connect({ servers: urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 200, ...opts });
  publishers.push(nc);
  return nc;
}

/** Publishes messages of 10 lines on `tallyline.events.x` (core NATS: the nodes' queue group takes each once), then flushes. */
export async function publishLines(nc: NatsConnection, lines: string[], subject = 'tallyline.events.x'): Promise<void> {
  for (let i = 0; i < lines.length; i += 10) nc.publish(subject, lines.slice(i, i + 10).join('\n'));
  await nc.flush();
}

export async function closePublishers(): Promise<void> {
  await Promise.all(publishers.splice(0).map((nc) => nc.close().catch(() => {})));
}

/** What a viewer (or node) shows over its whole range: every window summed. */
export async function shownTotals(s: Serve, from: string): Promise<Totals> {
  const q = `from=${encodeURIComponent(from)}`;
  const names = await getJson<EventTotal[]>(s.ui, `/api/events?${q}&limit=1000`);
  const out: Totals = { events: {}, users: {}, values: {}, inexact: [] };
  for (const { event, count } of names) {
    out.events[event] = count;
    const h = await getJson<EventHistory>(s.ui, `/api/events/${encodeURIComponent(event)}?${q}`);
    for (const w of h.windows) {
      if (w.distinct_users > 0) out.users[event] = (out.users[event] ?? 0) + w.distinct_users;
      if (w.values && w.values.count > 0)
        addValue(out.values, event, { count: w.values.count, sum: w.values.sum, min: w.values.min, max: w.values.max });
      if (!w.distinct_users_exact) out.inexact.push(`${event}@${w.window_start}`);
    }
  }
  return out;
}

/** Events over every summary since `from` (the windows' own counters, not the per-event rows). */
export async function summedEvents(s: Serve, from: string): Promise<number> {
  return (await summaries(s, from)).reduce((a, w) => a + w.events, 0);
}

/** The hooks of every process-level cluster test file: the build checked once; every publisher, process and NATS server stopped after each test (their stderr printed when it failed). */
export function stopEverythingAfterEach(): void {
  beforeAll(requireBuild);
  afterEach(async (ctx) => {
    await closePublishers();
    await cleanupProcs(ctx.task.result?.state === 'fail');
    await stopAllNats();
  });
}

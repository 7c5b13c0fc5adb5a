// The names the nodes and viewers of a cluster agree on (DESIGN §10): the stream, its subjects,
// the queue group and the message ids that let JetStream drop a partial published twice.

export const STREAM = 'TALLYLINE';
export const PARTIALS_SUBJECTS = 'tallyline.partials.>';
export const LIVE_SUBJECTS = 'tallyline.live.>';
export const EVENTS_SUBJECTS = 'tallyline.events.>';
/** The queue group events are consumed in: NATS hands each message to one node of the group. */
export const EVENTS_QUEUE = 'tallyline';

export function partialsSubject(node: string): string {
  return `tallyline.partials.${node}`;
}

export function liveSubject(node: string): string {
  return `tallyline.live.${node}`;
}

/** The node a `tallyline.partials.NAME` or `tallyline.live.NAME` subject names. */
export function nodeOfSubject(subject: string): string {
  return subject.slice(subject.lastIndexOf('.') + 1);
}

/** `NAME:WINDOW_SECONDS:WINDOW_START` (start in epoch ms): JetStream's dedupe key of a partial. */
export function partialMsgId(node: string, windowMs: number, startMs: number): string {
  return `${node}:${windowMs / 1000}:${startMs}`;
}

/** What a node says of itself each second on its live subject. */
export interface Heartbeat {
  v: 1;
  node: string;
  /** The node's clock, epoch ms. */
  at: number;
  window_ms: number;
  /** Events in the node's last full second. */
  events_per_sec: number;
  /** Per-second events of its last seconds, oldest first, the first at `rates_start` (epoch ms). */
  rates_start: number;
  rates: number[];
  /** Its open window so far. */
  current: { start_ms: number; events: number; bytes: number; rejected: number };
  /** Closed windows not yet acknowledged by the stream (NATS was away, or is slow). */
  backlog: number;
}

/** A heartbeat as it came off the wire, or null when it is not one (a foreign publisher). */
export function parseHeartbeat(data: Uint8Array): Heartbeat | null {
  let h: unknown;
  try {
    h = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof h !== 'object' || h === null) return null;
  const b = h as Partial<Heartbeat>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (b.v !== 1 || typeof b.node !== 'string' || !num(b.at) || !num(b.window_ms) || !num(b.events_per_sec)) return null;
  if (!num(b.rates_start) || !Array.isArray(b.rates) || !b.rates.every(num) || !num(b.backlog)) return null;
  const c = b.current;
  if (typeof c !== 'object' || c === null || !num(c.start_ms) || !num(c.events) || !num(c.bytes) || !num(c.rejected)) return null;
  return b as Heartbeat;
}

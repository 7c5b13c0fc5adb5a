// Pushes from the engine to the window with webContents.send, at most MAX_PUSHES_PER_SEC per push
// name whatever the engine emits. A push that comes too soon is held and merged with the next one
// rather than dropped: closed summaries ride in snapshot.closed, and losing a snapshot would lose
// them from the live chart.
import type { WebContents } from 'electron';
import { MAX_PUSHES_PER_SEC, PUSH_CHANNEL_PREFIX, type ApiPushes, type PushName } from '../../src-shared/types';

export interface PushRelayOptions {
  /** Where pushes go; null while no window is open (pushes are then dropped). */
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null;
  /** Most sends per push name per second. Default MAX_PUSHES_PER_SEC. */
  maxPerSecond?: number;
  /** Clock in ms. Default Date.now. */
  now?: () => number;
  /** Schedules a held push. Default setTimeout. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** Cancels a scheduled push. Default clearTimeout. */
  clearTimer?: (handle: unknown) => void;
}

export interface PushRelay {
  push<K extends PushName>(name: K, payload: ApiPushes[K]): void;
  /** Cancels held pushes; later pushes are ignored. */
  dispose(): void;
}

type Merge<K extends PushName> = (held: ApiPushes[K], next: ApiPushes[K]) => ApiPushes[K];

/** How a held push absorbs a newer one: the newest wins, but no closed summary is lost. */
const MERGES: { [K in PushName]: Merge<K> } = {
  snapshot: (held, next) => ({ ...next, closed: [...held.closed, ...next.closed] }),
  exportProgress: (_held, next) => next,
};

/** Channel of a push, e.g. `tallyline:push:snapshot`. */
export function pushChannel(name: PushName): string {
  return `${PUSH_CHANNEL_PREFIX}${name}`;
}

interface Lane {
  lastSent: number;
  held: unknown;
  hasHeld: boolean;
  timer: unknown;
}

export function createPushRelay(opts: PushRelayOptions): PushRelay {
  const gapMs = 1000 / (opts.maxPerSecond ?? MAX_PUSHES_PER_SEC);
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const lanes = new Map<PushName, Lane>();
  let disposed = false;

  function send(name: PushName, lane: Lane, payload: unknown): void {
    lane.lastSent = now();
    const target = opts.target();
    if (target && !target.isDestroyed()) target.send(pushChannel(name), payload);
  }

  function flush(name: PushName, lane: Lane): void {
    lane.timer = null;
    if (disposed || !lane.hasHeld) return;
    const payload = lane.held;
    lane.held = undefined;
    lane.hasHeld = false;
    send(name, lane, payload);
  }

  return {
    push(name, payload) {
      if (disposed) return;
      let lane = lanes.get(name);
      if (!lane) {
        lane = { lastSent: -Infinity, held: undefined, hasHeld: false, timer: null };
        lanes.set(name, lane);
      }
      const wait = lane.lastSent + gapMs - now();
      if (wait <= 0 && !lane.hasHeld) {
        send(name, lane, payload);
        return;
      }
      const merge = MERGES[name] as Merge<typeof name>;
      lane.held = lane.hasHeld ? merge(lane.held as ApiPushes[typeof name], payload) : payload;
      lane.hasHeld = true;
      if (lane.timer === null) {
        const l = lane;
        l.timer = setTimer(() => flush(name, l), Math.max(0, wait));
      }
    },
    dispose() {
      disposed = true;
      for (const lane of lanes.values()) if (lane.timer !== null) clearTimer(lane.timer);
      lanes.clear();
    },
  };
}

// Pushes from the engine to the window with webContents.send, at most MAX_PUSHES_PER_SEC per push
// name whatever the engine emits: one Pacer (push/pacer.ts, as serve's WebSocket uses) per push
// name. A push that comes too soon is held and merged with the next one rather than dropped:
// closed summaries ride in snapshot.closed, and losing a snapshot would lose them from the chart.
import type { WebContents } from 'electron';
import { MAX_PUSHES_PER_SEC, pushChannel, type ApiPushes, type PushName } from '../../src-shared/api';
import { Pacer, type PacerClock } from '../push/pacer';

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

export function createPushRelay(opts: PushRelayOptions): PushRelay {
  const clock: PacerClock = {
    now: opts.now ?? Date.now,
    setTimer: opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimer: opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
  };
  const minGapMs = 1000 / (opts.maxPerSecond ?? MAX_PUSHES_PER_SEC);
  const lanes = new Map<PushName, Pacer<unknown>>();
  let disposed = false;

  function lane<K extends PushName>(name: K): Pacer<ApiPushes[K]> {
    let pacer = lanes.get(name) as Pacer<ApiPushes[K]> | undefined;
    if (!pacer) {
      pacer = new Pacer<ApiPushes[K]>({
        // With no window open the push is dropped: there is nobody to show it to.
        deliver: (payload) => {
          const target = opts.target();
          if (target && !target.isDestroyed()) target.send(pushChannel(name), payload);
          return true;
        },
        merge: MERGES[name] as Merge<K>,
        minGapMs,
        clock,
      });
      lanes.set(name, pacer as Pacer<unknown>);
    }
    return pacer;
  }

  return {
    push(name, payload) {
      if (!disposed) lane(name).offer(payload);
    },
    dispose() {
      disposed = true;
      for (const pacer of lanes.values()) pacer.close();
      lanes.clear();
    },
  };
}

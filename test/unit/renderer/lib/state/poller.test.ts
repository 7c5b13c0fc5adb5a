// The loop under the cluster state's polling (ClusterState.poll: Api.cluster() every second while
// the Nodes card shows), driven with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { poll } from '../../../../../src-renderer/src/lib/state/poller';

/** A request whose answer the test gives when it likes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('poll', () => {
  it('asks at once, then a second after each answer', async () => {
    let n = 0;
    const values: number[] = [];
    const stop = poll({ fetch: async () => ++n, onValue: (v) => values.push(v), onError: () => {}, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(values).toEqual([1]);
    await vi.advanceTimersByTimeAsync(999);
    expect(values).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(values).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(values).toEqual([1, 2, 3, 4, 5]);
    stop();
  });

  it('never has two requests in flight: a slow answer delays the next request', async () => {
    const pending: ReturnType<typeof deferred<string>>[] = [];
    const fetch = vi.fn(() => {
      const d = deferred<string>();
      pending.push(d);
      return d.promise;
    });
    const stop = poll({ fetch, onValue: () => {}, onError: () => {}, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(1);
    pending[0]!.resolve('late');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
    stop();
  });

  it('reports a failure and keeps polling, so the card recovers when the engine answers again', async () => {
    let fail = true;
    const values: string[] = [];
    const errors: unknown[] = [];
    const stop = poll({
      fetch: async () => {
        if (fail) throw new Error('down');
        return 'up';
      },
      onValue: (v) => values.push(v),
      onError: (e) => errors.push(e),
      intervalMs: 1000,
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(values).toEqual(['up']);
    stop();
  });

  it('after stop asks nothing more and drops the answer still on its way', async () => {
    const d = deferred<string>();
    const fetch = vi.fn(() => d.promise);
    const onValue = vi.fn();
    const stop = poll({ fetch, onValue, onError: () => {}, intervalMs: 1000 });
    stop();
    d.resolve('too late');
    await vi.advanceTimersByTimeAsync(5000);
    expect(onValue).not.toHaveBeenCalled();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('after stop between rounds the pending round never runs', async () => {
    const fetch = vi.fn(async () => 1);
    const stop = poll({ fetch, onValue: () => {}, onError: () => {}, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(500);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

// A poll loop without Svelte, so unit tests drive it with fake timers: ask at once, then again a
// fixed time after each answer (never two requests in flight, however slow the other side is), and
// after stop() nothing more is asked and an answer still on its way is dropped.

export interface PollOptions<T> {
  /** The request. */
  fetch: () => Promise<T>;
  /** Each answer, in order. */
  onValue: (value: T) => void;
  /** Each failure; polling goes on (the other side may come back). */
  onError: (err: unknown) => void;
  /** Time from an answer (or failure) to the next request, ms. */
  intervalMs: number;
}

/** Starts polling; returns stop. */
export function poll<T>(o: PollOptions<T>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async (): Promise<void> => {
    try {
      const value = await o.fetch();
      if (!stopped) o.onValue(value);
    } catch (err) {
      if (!stopped) o.onError(err);
    }
    if (!stopped) timer = setTimeout(() => void round(), o.intervalMs);
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

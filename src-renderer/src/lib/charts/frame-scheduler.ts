/** Something that can redraw itself; a chart wrapper. */
export interface Redrawable {
  redraw(): void;
}

/**
 * Coalesces redraw requests into at most one pass per animation frame: however many snapshots
 * or theme changes arrive in between, each chart draws once, and only when the browser paints.
 */
export class FrameScheduler {
  readonly #dirty = new Set<Redrawable>();
  readonly #raf: (cb: () => void) => number;
  readonly #cancel: (handle: number) => void;
  #frame = 0;

  /**
   * @param raf frame source. Default requestAnimationFrame.
   * @param cancel cancels a frame. Default cancelAnimationFrame.
   */
  constructor(
    raf: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
    cancel: (handle: number) => void = (h) => cancelAnimationFrame(h),
  ) {
    this.#raf = raf;
    this.#cancel = cancel;
  }

  request(target: Redrawable): void {
    this.#dirty.add(target);
    if (this.#frame === 0) this.#frame = this.#raf(() => this.#flush());
  }

  /** Forgets a target (it is being destroyed). */
  forget(target: Redrawable): void {
    this.#dirty.delete(target);
    if (this.#dirty.size === 0 && this.#frame !== 0) {
      this.#cancel(this.#frame);
      this.#frame = 0;
    }
  }

  #flush(): void {
    this.#frame = 0;
    const targets = [...this.#dirty];
    this.#dirty.clear();
    for (const t of targets) t.redraw();
  }
}

/** The page's one scheduler, shared by all charts so they draw in the same frame. */
export const frames = new FrameScheduler();

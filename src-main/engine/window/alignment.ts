// Tumbling-window alignment (DESIGN §3). Windows are [start, start + size) with start a multiple
// of the size in epoch ms, so they line up with UTC clock boundaries (epoch 0 is midnight UTC).
// Every bound is computed from the timestamp itself, never by adding sizes to a running float,
// so there is no drift however many windows go by.

export const MS_PER_SECOND = 1000;

/** The window length in ms for a `window_seconds` setting (validated at the edge: a whole number of seconds). */
export function windowSizeMs(windowSeconds: number): number {
  return windowSeconds * MS_PER_SECOND;
}

/**
 * The start of the window holding `t` (epoch ms): the largest multiple of `sizeMs` not after `t`.
 * Uses the remainder rather than floor(t / size) * size: the remainder is exact in IEEE
 * arithmetic, and so is t - remainder, even for fractional `t` or times before 1970.
 * NaN or infinite `t` gives NaN.
 */
export function alignStart(t: number, sizeMs: number): number {
  const r = t % sizeMs;
  return r < 0 ? t - r - sizeMs : t - r;
}

/** The epoch second holding `t` (epoch ms). */
export function epochSecond(t: number): number {
  return Math.floor(t / MS_PER_SECOND);
}

/** An epoch-ms time as the ISO 8601 UTC string every summary carries (`2025-11-29T12:03:00.000Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

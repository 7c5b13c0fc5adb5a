// Remembering where the window was, and putting it back only where the user can still reach it:
// a monitor may have been unplugged or the resolution lowered since the last launch.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The window's normal (unmaximised) bounds and whether it was maximised. */
export interface WindowPlace extends Rect {
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = Object.freeze({ width: 1280, height: 820 });
export const MIN_WINDOW_SIZE = Object.freeze({ width: 720, height: 480 });

/** How much of a restored window must lie on some screen for the user to grab its title bar. */
const MIN_VISIBLE = Object.freeze({ width: 120, height: 40 });

/** A stored place as a WindowPlace, or an Error saying what is wrong with it. */
export function sanitizeWindowPlace(raw: unknown): WindowPlace {
  if (typeof raw !== 'object' || raw === null) throw new Error('expected an object {x, y, width, height, maximized}');
  const r = raw as Record<string, unknown>;
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    if (typeof r[key] !== 'number' || !Number.isFinite(r[key])) throw new Error(`${key} must be a number`);
  }
  const place = { x: r.x as number, y: r.y as number, width: r.width as number, height: r.height as number };
  if (place.width <= 0 || place.height <= 0) throw new Error('width and height must be positive');
  return { ...place, maximized: r.maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Bounds for a new window: the saved place when enough of it is on one of `workAreas`, its size
 * shrunk to fit that area; otherwise only a size (Electron then centres the window), never larger
 * than the first work area (the primary display).
 */
export function restoreBounds(saved: WindowPlace | null, workAreas: readonly Rect[]): Partial<Rect> & { width: number; height: number } {
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.round(Math.max(MIN_WINDOW_SIZE.width, area ? Math.min(size.width, area.width) : size.width)),
    height: Math.round(Math.max(MIN_WINDOW_SIZE.height, area ? Math.min(size.height, area.height) : size.height)),
  });
  if (!saved) return fit(DEFAULT_WINDOW_SIZE, primary);
  const home = workAreas.find((area) => {
    const o = overlap(saved, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (!home) return fit(saved, primary);
  const size = fit(saved, home);
  // Pull the window inside its screen if the shrink left it hanging off an edge.
  const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - size.width);
  const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - size.height);
  return { x: Math.round(x), y: Math.round(y), ...size };
}

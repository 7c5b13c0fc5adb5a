// Which events are pinned for comparison: plain list work, so it runs in unit tests.

/** Most events compared on one chart: more lines than this stop being readable. */
export const MAX_PINS = 4;

export interface PinOutcome {
  pins: readonly string[];
  /** Why the pin was refused, for the user; null when it was taken (or already there). */
  refused: string | null;
}

/** Pins `name` at the end, unless it is pinned already or `max` are pinned. */
export function pin(pins: readonly string[], name: string, max = MAX_PINS): PinOutcome {
  if (pins.includes(name)) return { pins, refused: null };
  if (pins.length >= max) {
    return { pins, refused: `${max} events are pinned already, the most one chart compares: unpin one to pin ${name}.` };
  }
  return { pins: [...pins, name], refused: null };
}

export function unpin(pins: readonly string[], name: string): readonly string[] {
  return pins.includes(name) ? pins.filter((p) => p !== name) : pins;
}

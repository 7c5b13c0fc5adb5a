// Keyboard movement through a list of matches (the event search): plain, so it runs in unit tests.

/**
 * The active option after an arrow key: `delta` +1 down, -1 up, wrapping at both ends, and from
 * none (-1) down to the first or up to the last. -1 when the list is empty.
 */
export function moveActive(active: number, count: number, delta: 1 | -1): number {
  if (count <= 0) return -1;
  if (active < 0 || active >= count) return delta > 0 ? 0 : count - 1;
  return (active + delta + count) % count;
}

/** The option Enter opens: the active one, else the first (typing a name and Enter opens the best match). */
export function chosenIndex(active: number, count: number): number {
  if (count <= 0) return -1;
  return active >= 0 && active < count ? active : 0;
}

// A piece of a window as the whole window: a node restarted inside a window publishes the piece
// before its stop (cut at the stop) and the piece after it (from its restart), each with its own
// start and end. The viewer merges them as parts of the one aligned window.
import { MS_PER_SECOND } from '../window/alignment';
import { secondsOf, type WindowPartial } from '../window/partial';

/** `p` as part of the window [start, end): the same counts, its per-second counts at their seconds. */
export function widenToWindow(p: WindowPartial, start: number, end: number): WindowPartial {
  if (p.start_ms === start && p.end_ms === end && !p.partial) return p;
  const perSecond = new Float64Array(secondsOf(start, end));
  const offset = Math.floor((p.start_ms - start) / MS_PER_SECOND);
  for (let i = 0; i < p.per_second.length; i++) {
    const at = Math.min(perSecond.length - 1, Math.max(0, i + offset));
    perSecond[at]! += p.per_second[i]!;
  }
  // The merged window is the whole aligned window: a node that stopped inside it is told by the
  // window's nodes, not by cutting everyone's window short.
  return { ...p, start_ms: start, end_ms: end, per_second: perSecond, partial: false };
}

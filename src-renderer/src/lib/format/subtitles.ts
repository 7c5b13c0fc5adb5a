// Card subtitles that state a bound the code sets (how much history a card keeps). Each is built
// from the constant that sets the bound, so the words cannot drift from the code.
import { countOf } from './numbers';
import { formatDuration } from './time';

/** The rate chart's: it shows `seconds` of per-second rates (RATE_HISTORY_SECONDS). */
export function rateSubtitle(seconds: number): string {
  return `Last ${formatDuration(seconds)}, one point per second`;
}

/**
 * The unique-events chart's: `shown` closed windows on screen, of at most `kept` (HISTORY_WINDOWS);
 * before the first window closes, what it will hold.
 */
export function uniqueSubtitle(shown: number, kept: number): string {
  return shown > 0 ? `Last ${countOf(shown, 'closed window')}` : `Up to the last ${countOf(kept, 'closed window')}`;
}

/** The rejected-lines table's: the engine keeps the last `kept` samples (REJECT_SAMPLES_KEPT). */
export function rejectsSubtitle(kept: number): string {
  return `The last ${countOf(kept, 'line')}, newest first`;
}

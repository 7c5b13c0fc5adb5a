// The banner's sentence when closed windows cannot reach the journal (a full disk, say).
import type { HistoryState } from '../../../../src-shared/types';
import { countOf } from '../format/numbers';

export function historyProblem(h: HistoryState | undefined): string | null {
  if (!h || (h.saving && h.dropped_windows === 0)) return null;
  const waiting = `${countOf(h.pending_windows, 'closed window waits', 'closed windows wait')} in memory to be written when the journal can take them`;
  const dropped =
    h.dropped_windows > 0 ? `; ${countOf(h.dropped_windows, 'window was', 'windows were')} dropped because too many waited` : '';
  if (h.saving) return `History was not saved for a while${dropped}.`;
  return `History is not being saved: ${h.error ?? 'the journal cannot be written'}. ${waiting}${dropped}.`;
}

import { describe, expect, it } from 'vitest';
import { historyProblem } from '../../../../../src-renderer/src/lib/state/history-problem';

describe('historyProblem', () => {
  it('says nothing while history is saved and nothing was dropped', () => {
    expect(historyProblem(undefined)).toBeNull();
    expect(historyProblem({ saving: true, pending_windows: 0, dropped_windows: 0, error: null })).toBeNull();
  });

  it('says history is not being saved, why, and how many windows wait, in the singular and plural', () => {
    expect(historyProblem({ saving: false, pending_windows: 1, dropped_windows: 0, error: 'ENOSPC: no space left on device' })).toBe(
      'History is not being saved: ENOSPC: no space left on device. 1 closed window waits in memory to be written when the journal can take them.',
    );
    expect(historyProblem({ saving: false, pending_windows: 12, dropped_windows: 3, error: 'EROFS' })).toBe(
      'History is not being saved: EROFS. 12 closed windows wait in memory to be written when the journal can take them; 3 windows were dropped because too many waited.',
    );
  });

  it('keeps telling of dropped windows after saving resumed', () => {
    expect(historyProblem({ saving: true, pending_windows: 0, dropped_windows: 1, error: null })).toBe(
      'History was not saved for a while; 1 window was dropped because too many waited.',
    );
  });
});

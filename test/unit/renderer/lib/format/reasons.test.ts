import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../../../src-shared/types';
import { REASON_TEXT, reasonText } from '../../../../../src-renderer/src/lib/format/reasons';

describe('reasonText', () => {
  it('gives each reject reason its own sentence, not the code', () => {
    const texts = Object.entries(REASON_TEXT);
    for (const [reason, text] of texts) {
      expect(text, reason).not.toBe(reason);
      expect(text, reason).toMatch(/^[A-Z]/);
    }
    expect(new Set(texts.map(([, text]) => text)).size).toBe(texts.length);
  });

  it('says what was wrong with the line', () => {
    expect(reasonText('invalid_json')).toBe('Invalid JSON');
    expect(reasonText('missing_event')).toBe('JSON without a string "event"');
    expect(reasonText('invalid_statsd_rate')).toBe('Bad StatsD sample rate');
  });

  it('shows a reason this UI does not know (from a newer engine) as its code rather than nothing', () => {
    expect(reasonText('line_has_gremlins' as RejectReason)).toBe('line_has_gremlins');
  });
});

import type { RejectReason } from '../../../../src-shared/types';

/** What each reject reason means to the person fixing the client that sent the line. */
export const REASON_TEXT: Readonly<Record<RejectReason, string>> = {
  line_too_long: 'Line too long',
  name_too_long: 'Event name too long',
  empty_name: 'Empty event name',
  invalid_json: 'Invalid JSON',
  missing_event: 'JSON without a string "event"',
  invalid_field: 'Invalid field type',
  invalid_statsd_value: 'Bad StatsD value',
  invalid_statsd_type: 'Bad StatsD type',
  invalid_statsd_rate: 'Bad StatsD sample rate',
  invalid_utf8: 'Invalid UTF-8',
  future: 'Time stamp too far ahead',
};

export function reasonText(reason: RejectReason): string {
  return REASON_TEXT[reason] ?? reason;
}

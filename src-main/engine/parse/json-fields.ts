// The fields of a JSON line that the engine reads (DESIGN §2: event, ts, user, value, tags),
// numbered, and their keys recognised from the bytes: a usual key costs a few byte compares, not a
// scan for its closing quote nor a string.

import { LOWER_A, LOWER_E, LOWER_G, LOWER_L, LOWER_N, LOWER_R, LOWER_S, LOWER_T, LOWER_U, LOWER_V, QUOTE } from './ascii';

export const FIELD_EVENT = 0;
export const FIELD_TS = 1;
export const FIELD_USER = 2;
export const FIELD_VALUE = 3;
export const FIELD_TAGS = 4;
export const FIELD_COUNT = 5;
export const UNKNOWN_FIELD = -1;

/** Key length in bytes of each known field, by field number. */
export const KEY_LENGTH = [5, 2, 4, 5, 4];

/**
 * The known field whose key's letters are at s and after (before end), or UNKNOWN_FIELD. The key
 * may go on past them (`tsx`): the callers check where it ends. No key is a prefix of another.
 */
function fieldLettersAt(b: Uint8Array, s: number, end: number): number {
  switch (b[s]) {
    case LOWER_E: // event
      if (s + 4 < end && b[s + 1] === LOWER_V && b[s + 2] === LOWER_E && b[s + 3] === LOWER_N && b[s + 4] === LOWER_T) return FIELD_EVENT;
      break;
    case LOWER_U: // user
      if (s + 3 < end && b[s + 1] === LOWER_S && b[s + 2] === LOWER_E && b[s + 3] === LOWER_R) return FIELD_USER;
      break;
    case LOWER_V: // value
      if (s + 4 < end && b[s + 1] === LOWER_A && b[s + 2] === LOWER_L && b[s + 3] === LOWER_U && b[s + 4] === LOWER_E) return FIELD_VALUE;
      break;
    case LOWER_T: // ts, tags
      if (s + 1 < end && b[s + 1] === LOWER_S) return FIELD_TS;
      if (s + 3 < end && b[s + 1] === LOWER_A && b[s + 2] === LOWER_G && b[s + 3] === LOWER_S) return FIELD_TAGS;
      break;
  }
  return UNKNOWN_FIELD;
}

/** Which known field the key in bytes [s, e) names (its value, escapes decoded). */
export function fieldOf(b: Uint8Array, s: number, e: number): number {
  const field = fieldLettersAt(b, s, e);
  return field !== UNKNOWN_FIELD && s + KEY_LENGTH[field] === e ? field : UNKNOWN_FIELD;
}

/**
 * The known field whose key and closing quote start at s (before end), or UNKNOWN_FIELD. A key it
 * does not recognise may still be a known one written with escapes.
 */
export function knownKeyAt(b: Uint8Array, s: number, end: number): number {
  const field = fieldLettersAt(b, s, end);
  if (field === UNKNOWN_FIELD) return UNKNOWN_FIELD;
  const quote = s + KEY_LENGTH[field];
  return quote < end && b[quote] === QUOTE ? field : UNKNOWN_FIELD;
}

// The fields of a JSON line that the engine reads (DESIGN §2: event, ts, user, value, tags),
// numbered, and their keys recognised from the bytes: a usual key costs a few byte compares, not a
// scan for its closing quote nor a string.

import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { LOWER_A, LOWER_E, LOWER_G, LOWER_L, LOWER_N, LOWER_R, LOWER_S, LOWER_T, LOWER_U, LOWER_V, QUOTE } = ascii;

// The field numbers, and each field's key length in bytes. This module's own code uses the
// unexported names: V8 reads an exported binding from its module cell at every use, here too
// (ascii.ts).
const EVENT = 0;
const TS = 1;
const USER = 2;
const VALUE = 3;
const TAGS = 4;
const UNKNOWN = -1;
const KEY_LENGTHS = [5, 2, 4, 5, 4];

export const FIELD_EVENT = EVENT;
export const FIELD_TS = TS;
export const FIELD_USER = USER;
export const FIELD_VALUE = VALUE;
export const FIELD_TAGS = TAGS;
export const FIELD_COUNT = 5;
export const UNKNOWN_FIELD = UNKNOWN;
/** Key length in bytes of each known field, by field number. */
export const KEY_LENGTH: readonly number[] = KEY_LENGTHS;

/**
 * The known field whose key's letters are at s and after (before end), or UNKNOWN_FIELD. The key
 * may go on past them (`tsx`): the callers check where it ends. No key is a prefix of another.
 */
function fieldLettersAt(b: Uint8Array, s: number, end: number): number {
  switch (b[s]) {
    case LOWER_E: // event
      if (s + 4 < end && b[s + 1] === LOWER_V && b[s + 2] === LOWER_E && b[s + 3] === LOWER_N && b[s + 4] === LOWER_T) return EVENT;
      break;
    case LOWER_U: // user
      if (s + 3 < end && b[s + 1] === LOWER_S && b[s + 2] === LOWER_E && b[s + 3] === LOWER_R) return USER;
      break;
    case LOWER_V: // value
      if (s + 4 < end && b[s + 1] === LOWER_A && b[s + 2] === LOWER_L && b[s + 3] === LOWER_U && b[s + 4] === LOWER_E) return VALUE;
      break;
    case LOWER_T: // ts, tags
      if (s + 1 < end && b[s + 1] === LOWER_S) return TS;
      if (s + 3 < end && b[s + 1] === LOWER_A && b[s + 2] === LOWER_G && b[s + 3] === LOWER_S) return TAGS;
      break;
  }
  return UNKNOWN;
}

/** Which known field the key in bytes [s, e) names (its value, escapes decoded). */
export function fieldOf(b: Uint8Array, s: number, e: number): number {
  const field = fieldLettersAt(b, s, e);
  return field !== UNKNOWN && s + KEY_LENGTHS[field] === e ? field : UNKNOWN;
}

/**
 * The known field whose key and closing quote start at s (before end), or UNKNOWN_FIELD. A key it
 * does not recognise may still be a known one written with escapes.
 */
export function knownKeyAt(b: Uint8Array, s: number, end: number): number {
  const field = fieldLettersAt(b, s, end);
  if (field === UNKNOWN) return UNKNOWN;
  const quote = s + KEY_LENGTHS[field];
  return quote < end && b[quote] === QUOTE ? field : UNKNOWN;
}

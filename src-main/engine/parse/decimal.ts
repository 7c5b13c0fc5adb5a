// Decimal numbers read straight from bytes. The common case (at most 15 significant digits and a
// small exponent) is computed exactly with one IEEE operation (Clinger's fast path: both operands
// are exact doubles, so the single multiply or divide is correctly rounded); anything else falls
// back to Number() on a string, which is rare and gives the same correctly rounded result.

import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { DIGIT_0, DOT, LOWER_E, MINUS, PLUS, UPPER_E, isDigit } = ascii;

/** Powers of ten that are exact doubles. */
const EXACT_POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/** Significant digits that always fit a double exactly (< 2^53). */
const FAST_DIGITS = 15;
/** Exponents beyond this make any value 0 or Infinity; capping keeps the digit loop from overflowing. */
const EXPONENT_CAP = 100_000;

/**
 * The value of bytes [start, end) read as a decimal number: an optional sign (+ or -), digits
 * with an optional fraction (`12`, `1.5`, `.5`, `5.`), an optional exponent (`1e-3`). NaN when
 * the bytes are anything else (also `Infinity`, hex, spaces). Overflow gives ±Infinity.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  // The usual StatsD value or epoch-ms ts: a plain unsigned integer that a double holds exactly.
  if (end - start <= FAST_DIGITS && end > start) {
    let v = 0;
    let k = start;
    for (; k < end; k++) {
      const d = buf[k] - DIGIT_0;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (k === end) return v;
  }
  let i = start;
  let negative = false;
  if (i < end) {
    const c = buf[i];
    if (c === PLUS || c === MINUS) {
      negative = c === MINUS;
      i++;
    }
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  for (; i < end; i++) {
    const d = buf[i] - DIGIT_0;
    if (d < 0 || d > 9) break;
    digits++;
    if (significant > 0 || d !== 0) {
      significant++;
      mantissa = mantissa * 10 + d;
    }
  }
  if (i < end && buf[i] === DOT) {
    for (i++; i < end; i++) {
      const d = buf[i] - DIGIT_0;
      if (d < 0 || d > 9) break;
      digits++;
      scale--;
      if (significant > 0 || d !== 0) {
        significant++;
        mantissa = mantissa * 10 + d;
      }
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (buf[i] === LOWER_E || buf[i] === UPPER_E)) {
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) {
      expNegative = buf[i] === MINUS;
      i++;
    }
    const expStart = i;
    let exp = 0;
    for (; i < end; i++) {
      const d = buf[i] - DIGIT_0;
      if (d < 0 || d > 9) break;
      if (exp < EXPONENT_CAP) exp = exp * 10 + d;
    }
    if (i === expStart) return NaN;
    scale += expNegative ? -exp : exp;
  }
  if (i !== end) return NaN;
  if (mantissa === 0) return negative ? -0 : 0;
  if (significant > FAST_DIGITS || scale < -22 || scale > 22) {
    return Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
  }
  const value = scale >= 0 ? mantissa * EXACT_POW10[scale] : mantissa / EXACT_POW10[-scale];
  return negative ? -value : value;
}

/**
 * End of the JSON number (RFC 8259 grammar: no `+`, no leading zeros, digits on both sides of
 * the dot) that starts at byte `start`, or -1 when there is none. The value is then
 * parseDecimal() of the same bytes.
 */
export function scanJsonNumber(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i < end && buf[i] === MINUS) i++;
  if (i >= end) return -1;
  const c = buf[i];
  if (c === DIGIT_0) i++;
  else if (isDigit(c)) {
    i++;
    while (i < end && isDigit(buf[i])) i++;
  } else return -1;
  if (i < end && buf[i] === DOT) {
    const from = ++i;
    while (i < end && isDigit(buf[i])) i++;
    if (i === from) return -1;
  }
  if (i < end && (buf[i] === LOWER_E || buf[i] === UPPER_E)) {
    i++;
    if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) i++;
    const from = i;
    while (i < end && isDigit(buf[i])) i++;
    if (i === from) return -1;
  }
  return i;
}

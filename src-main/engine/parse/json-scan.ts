// The JSON grammar (RFC 8259) over bytes, for validating a line without building values. Each
// method takes the index where a token starts and returns the index just after it, or -1 on a
// syntax error. Containers are walked with an explicit stack, so a deeply nested line cannot
// overflow the call stack.

import { scanJsonNumber } from './decimal';
import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  LF,
  LOWER_B,
  LOWER_F,
  LOWER_N,
  LOWER_R,
  LOWER_T,
  LOWER_U,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SLASH,
  SPACE,
  TAB,
  isHexDigit,
} = ascii;

const IN_OBJECT = 1;
const IN_ARRAY = 2;

/** 1 for the bytes that may follow a backslash in a JSON string (`u` is handled on its own). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of [QUOTE, BACKSLASH, SLASH, LOWER_B, LOWER_F, LOWER_N, LOWER_R, LOWER_T]) SIMPLE_ESCAPE[c] = 1;

/** Whitespace as JSON has it (RFC 8259), narrower than isAsciiSpace: no \v, no \f. */
function isJsonSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

export class JsonScanner {
  /** After string(): whether it held an escape (its bytes then differ from its value). */
  escaped = false;
  /** After string(): the OR of its bytes; below NON_ASCII (ascii.ts) means plain ASCII. */
  highBits = 0;
  private stack = new Uint8Array(64);

  /** First index at or after i that is not JSON whitespace. */
  ws(buf: Uint8Array, i: number, end: number): number {
    while (i < end && isJsonSpace(buf[i])) i++;
    return i;
  }

  /** A string whose opening quote is at i. Its contents are [i + 1, result - 1). */
  string(buf: Uint8Array, i: number, end: number): number {
    let escaped = false;
    let high = 0;
    i++;
    for (;;) {
      if (i >= end) return -1;
      const c = buf[i++];
      if (c === QUOTE) break;
      high |= c;
      if (c === BACKSLASH) {
        escaped = true;
        if (i >= end) return -1;
        const e = buf[i++];
        if (e === LOWER_U) {
          if (i + 4 > end || !isHexDigit(buf[i]) || !isHexDigit(buf[i + 1]) || !isHexDigit(buf[i + 2]) || !isHexDigit(buf[i + 3]))
            return -1;
          i += 4;
        } else if (SIMPLE_ESCAPE[e] === 0) return -1;
      } else if (c < SPACE) return -1; // a control byte
    }
    this.escaped = escaped;
    this.highBits = high;
    return i;
  }

  /** An object member's name and colon, starting at i (whitespace allowed before each); returns where the value may start. */
  memberName(buf: Uint8Array, i: number, end: number): number {
    i = this.ws(buf, i, end);
    if (i >= end || buf[i] !== QUOTE) return -1;
    i = this.string(buf, i, end);
    if (i < 0) return -1;
    i = this.ws(buf, i, end);
    if (i >= end || buf[i] !== COLON) return -1;
    return i + 1;
  }

  /** Any value but a container starting at i (no leading whitespace). */
  scalar(buf: Uint8Array, i: number, end: number): number {
    if (i >= end) return -1;
    const c = buf[i];
    if (c === QUOTE) return this.string(buf, i, end);
    if (c === LOWER_T) return literal(buf, i, end, 'true');
    if (c === LOWER_F) return literal(buf, i, end, 'false');
    if (c === LOWER_N) return literal(buf, i, end, 'null');
    return scanJsonNumber(buf, i, end);
  }

  /** Any value starting at i (no leading whitespace), containers included. */
  value(buf: Uint8Array, i: number, end: number): number {
    if (i >= end) return -1;
    const c = buf[i];
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return this.scalar(buf, i, end);
    return this.container(buf, i, end);
  }

  private container(buf: Uint8Array, i: number, end: number): number {
    let depth = 0;
    let expectValue = true;
    for (;;) {
      if (expectValue) {
        i = this.ws(buf, i, end);
        if (i >= end) return -1;
        const c = buf[i];
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.push(depth++, c === OPEN_BRACE ? IN_OBJECT : IN_ARRAY);
          i = this.ws(buf, i + 1, end);
          if (i >= end) return -1;
          if (buf[i] === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
            i++;
            depth--;
            expectValue = false;
          } else if (c === OPEN_BRACE) {
            i = this.memberName(buf, i, end);
            if (i < 0) return -1;
          }
          continue;
        }
        i = this.scalar(buf, i, end);
        if (i < 0) return -1;
        expectValue = false;
      } else {
        if (depth === 0) return i;
        i = this.ws(buf, i, end);
        if (i >= end) return -1;
        const c = buf[i];
        const inObject = this.stack[depth - 1] === IN_OBJECT;
        if (c === COMMA) {
          i++;
          if (inObject) {
            i = this.memberName(buf, i, end);
            if (i < 0) return -1;
          }
          expectValue = true;
        } else if (c === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          i++;
          depth--;
        } else return -1;
      }
    }
  }

  private push(depth: number, kind: number): void {
    if (depth >= this.stack.length) {
      const grown = new Uint8Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[depth] = kind;
  }
}

function literal(buf: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return -1;
  for (let k = 1; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

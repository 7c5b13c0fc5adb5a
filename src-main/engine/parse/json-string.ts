// Decoding of JSON string escapes into UTF-8 bytes, for the few strings whose value the engine
// keeps (event name, user, ts) and only when they hold escapes: the others are used in place.

import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { BACKSLASH, BACKSPACE, CR, FF, LF, LOWER_B, LOWER_F, LOWER_N, LOWER_R, LOWER_T, LOWER_U, TAB, hexDigitValue } = ascii;

function hex4(src: Uint8Array, at: number): number {
  return (
    (hexDigitValue(src[at]) << 12) | (hexDigitValue(src[at + 1]) << 8) | (hexDigitValue(src[at + 2]) << 4) | hexDigitValue(src[at + 3])
  );
}

/**
 * Writes the value of the JSON string contents in bytes [start, end) of src (already validated by
 * JsonScanner.string(), quotes excluded) to dst from 0 and returns its length in bytes. dst needs
 * end - start bytes at most: no escape decodes to more bytes than it takes. A surrogate pair
 * becomes one 4-byte sequence; a lone surrogate is written as its 3-byte form, which is not valid
 * UTF-8, so the UTF-8 check of the result rejects it.
 */
export function decodeJsonString(src: Uint8Array, start: number, end: number, dst: Uint8Array): number {
  let o = 0;
  let i = start;
  while (i < end) {
    const c = src[i++];
    if (c !== BACKSLASH) {
      dst[o++] = c;
      continue;
    }
    const e = src[i++];
    switch (e) {
      case LOWER_B:
        dst[o++] = BACKSPACE;
        break;
      case LOWER_F:
        dst[o++] = FF;
        break;
      case LOWER_N:
        dst[o++] = LF;
        break;
      case LOWER_R:
        dst[o++] = CR;
        break;
      case LOWER_T:
        dst[o++] = TAB;
        break;
      case LOWER_U: {
        let cp = hex4(src, i);
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= end && src[i] === BACKSLASH && src[i + 1] === LOWER_U) {
          const low = hex4(src, i + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            i += 6;
          }
        }
        o = writeCodePoint(dst, o, cp);
        break;
      }
      default:
        dst[o++] = e; // `"`, `\` and `/` stand for themselves
    }
  }
  return o;
}

function writeCodePoint(dst: Uint8Array, o: number, cp: number): number {
  if (cp < 0x80) {
    dst[o++] = cp;
  } else if (cp < 0x800) {
    dst[o++] = 0xc0 | (cp >> 6);
    dst[o++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    dst[o++] = 0xe0 | (cp >> 12);
    dst[o++] = 0x80 | ((cp >> 6) & 0x3f);
    dst[o++] = 0x80 | (cp & 0x3f);
  } else {
    dst[o++] = 0xf0 | (cp >> 18);
    dst[o++] = 0x80 | ((cp >> 12) & 0x3f);
    dst[o++] = 0x80 | ((cp >> 6) & 0x3f);
    dst[o++] = 0x80 | (cp & 0x3f);
  }
  return o;
}

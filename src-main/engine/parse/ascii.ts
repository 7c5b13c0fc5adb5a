// The bytes the parsers and the framer compare, by name, and the byte tests they share (DESIGN
// §7.13: one module for a parser's byte constants, as the ws package's receiver.js keeps its own).
// Every line format is ASCII at the places a parser looks at, so each name is one byte value;
// what lies between (names, users, JSON strings) may be any UTF-8, which utf8.ts checks.
//
// A module on the hot path imports this one whole and copies the names it uses into consts of its
// own, `const { CR, LF } = ascii`: V8 folds a module's own consts into the code as it does literals,
// but reads an exported or imported binding from its module cell at every use, which made the
// parse of a JSON line a quarter slower (bench/hot-path.ts). For the same reason the helpers at the
// end spell their bytes as literals: here the names are exported bindings.

// Control characters.
export const BACKSPACE = 0x08;
export const TAB = 0x09;
export const LF = 0x0a;
export const VT = 0x0b;
export const FF = 0x0c;
export const CR = 0x0d;

// Punctuation.
export const SPACE = 0x20;
export const QUOTE = 0x22; // "
export const HASH = 0x23; // #
export const PLUS = 0x2b; // +
export const COMMA = 0x2c; // ,
export const MINUS = 0x2d; // -
export const DOT = 0x2e; // .
export const SLASH = 0x2f; // /
export const COLON = 0x3a; // :
export const AT = 0x40; // @
export const OPEN_BRACKET = 0x5b; // [
export const BACKSLASH = 0x5c; // \
export const CLOSE_BRACKET = 0x5d; // ]
export const OPEN_BRACE = 0x7b; // {
export const PIPE = 0x7c; // |
export const CLOSE_BRACE = 0x7d; // }

// Digits.
export const DIGIT_0 = 0x30;
export const DIGIT_9 = 0x39;

// Letters, those that a parser compares: JSON escapes and literals, keys of the known JSON
// fields, StatsD metric types, exponents, ISO 8601 separators and zones, hex digits.
export const UPPER_A = 0x41;
export const UPPER_E = 0x45;
export const UPPER_F = 0x46;
export const UPPER_T = 0x54;
export const UPPER_Z = 0x5a;
export const LOWER_A = 0x61;
export const LOWER_B = 0x62;
export const LOWER_C = 0x63;
export const LOWER_D = 0x64;
export const LOWER_E = 0x65;
export const LOWER_F = 0x66;
export const LOWER_G = 0x67;
export const LOWER_H = 0x68;
export const LOWER_L = 0x6c;
export const LOWER_M = 0x6d;
export const LOWER_N = 0x6e;
export const LOWER_R = 0x72;
export const LOWER_S = 0x73;
export const LOWER_T = 0x74;
export const LOWER_U = 0x75;
export const LOWER_V = 0x76;
export const LOWER_Z = 0x7a;

/** The first byte that is not ASCII: the OR of some bytes is below it exactly when they all are ASCII. */
export const NON_ASCII = 0x80;

/** ASCII whitespace as the line formats trim it: space, \t, \n, \v, \f, \r. */
export function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d); // SPACE, TAB to CR
}

/** `0` to `9`. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `0` to `9`, `a` to `f`, `A` to `F`. */
export function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** The value of a byte that isHexDigit() accepts (anything else gives a meaningless number). */
export function hexDigitValue(c: number): number {
  if (c <= 0x39) return c - 0x30; // 0-9
  if (c <= 0x46) return c - 0x41 + 10; // A-F
  return c - 0x61 + 10; // a-f
}

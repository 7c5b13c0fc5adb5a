// JSON lines (DESIGN §2): `{"event": "signup", "ts": ..., "user": ..., "value": ..., "tags": {...}}`.
// One pass validates the whole object with JsonScanner and notes where the known fields' values
// are (the last one wins for a repeated key); only those values are then read, from the bytes.
// Strings without escapes are used in place; the ones with escapes are decoded into scratch
// buffers owned by the parser and reused for every line.

import type { RejectReason } from '../../../src-shared/types';
import * as parsedEvent from './parsed-event';
import type { ParsedEvent } from './parsed-event';
import { JsonScanner } from './json-scan';
import { decodeJsonString } from './json-string';
import { parseDecimal } from './decimal';
import { parseIsoTime } from './iso-time';
import * as ascii from './ascii';
import * as fields from './json-fields';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { TAGS_JSON, VALUE_MEASURE } = parsedEvent;
const { FIELD_COUNT, FIELD_EVENT, FIELD_TAGS, FIELD_TS, FIELD_USER, FIELD_VALUE, KEY_LENGTH, UNKNOWN_FIELD, fieldOf, knownKeyAt } = fields;
const { BACKSLASH, CLOSE_BRACE, COLON, COMMA, LOWER_N, MINUS, NON_ASCII, OPEN_BRACE, QUOTE, SPACE, isDigit } = ascii;

// Per known field (json-fields.ts), four slots in `found`: the kind of its value, where it starts
// and ends (string contents without the quotes), and flags.
const SLOTS = 4;
const KIND = 0;
const START = 1;
const END = 2;
const FLAGS = 3;

/** A numeric ts below this is epoch seconds, above it epoch milliseconds. */
const SECONDS_BELOW = 1e11;

const ABSENT = 0;
const STRING = 1;
const NUMBER = 2;
/** A value of a type the field does not take (for `tags`: anything but an object of strings). */
const WRONG = 3;
const TAGS_OK = 4;

const FLAG_ESCAPED = 1;
const FLAG_NON_ASCII = 2;

/** buf when it holds `need` bytes, else a new, larger buffer (contents not kept). */
function atLeast(buf: Buffer, need: number): Buffer {
  return need <= buf.length ? buf : Buffer.allocUnsafe(Math.max(need, buf.length * 2));
}

export class JsonEventParser {
  /** After a successful parse(): whether out's name, and its user, are known to be plain ASCII (so valid UTF-8 of one byte per character). */
  nameAscii = false;
  userAscii = false;
  private readonly scan = new JsonScanner();
  private readonly found = new Int32Array(FIELD_COUNT * SLOTS);
  private nameScratch: Buffer = Buffer.allocUnsafe(64);
  private userScratch: Buffer = Buffer.allocUnsafe(64);
  /** For escaped keys and timestamps, which are used up before the next one is decoded. */
  private tmpScratch: Buffer = Buffer.allocUnsafe(64);

  /**
   * Reads the object in bytes [start, end) of buf (trimmed, buf[start] is `{`) into out, whose
   * fields the caller has reset. Returns null when it is an event (its name is not yet checked
   * for length or UTF-8), else why it is rejected.
   */
  parse(buf: Buffer, start: number, end: number, out: ParsedEvent): RejectReason | null {
    const found = this.found;
    // Only the kinds need resetting: a field's other slots are written together with its kind.
    found[FIELD_EVENT * SLOTS + KIND] = ABSENT;
    found[FIELD_TS * SLOTS + KIND] = ABSENT;
    found[FIELD_USER * SLOTS + KIND] = ABSENT;
    found[FIELD_VALUE * SLOTS + KIND] = ABSENT;
    found[FIELD_TAGS * SLOTS + KIND] = ABSENT;
    if (this.members(buf, start, end) !== end) return 'invalid_json';

    if (found[FIELD_EVENT * SLOTS + KIND] !== STRING) return 'missing_event';
    const reason = this.readOptionalFields(buf, out);
    if (reason !== null) return reason;

    const at = FIELD_EVENT * SLOTS;
    const flags = found[at + FLAGS];
    if ((flags & FLAG_ESCAPED) !== 0) {
      const len = found[at + END] - found[at + START];
      const scratch = (this.nameScratch = atLeast(this.nameScratch, len));
      out.nameBuf = scratch;
      out.nameStart = 0;
      out.nameEnd = decodeJsonString(buf, found[at + START], found[at + END], scratch);
      this.nameAscii = false;
    } else {
      if (out.nameBuf !== buf) out.nameBuf = buf;
      out.nameStart = found[at + START];
      out.nameEnd = found[at + END];
      this.nameAscii = (flags & FLAG_NON_ASCII) === 0;
    }
    out.count = 1;
    return null;
  }

  /**
   * Validates the object starting at `start` and records its known fields; returns the index
   * after it and the whitespace that follows, or -1. Keys and strings without escapes or control
   * bytes, and absent whitespace, are handled inline: the scanner is called only for the rest.
   */
  private members(buf: Buffer, start: number, end: number): number {
    const scan = this.scan;
    let i = scan.ws(buf, start + 1, end);
    if (i >= end) return -1;
    if (buf[i] === CLOSE_BRACE) return scan.ws(buf, i + 1, end);
    let c = 0;
    for (;;) {
      if (buf[i] !== QUOTE) return -1;
      const keyStart = i + 1;
      let field = knownKeyAt(buf, keyStart, end);
      let j = keyStart;
      if (field === UNKNOWN_FIELD) while (j < end && (c = buf[j]) !== QUOTE && c !== BACKSLASH && c >= SPACE) j++;
      if (field !== UNKNOWN_FIELD) {
        i = keyStart + KEY_LENGTH[field] + 1;
      } else if (j < end && c === QUOTE) {
        i = j + 1; // an unknown key without escapes
      } else {
        i = scan.string(buf, i, end);
        if (i < 0) return -1;
        field = scan.escaped ? this.fieldOfEscaped(buf, keyStart, i - 1) : fieldOf(buf, keyStart, i - 1);
      }
      if (i < end && buf[i] !== COLON) i = scan.ws(buf, i, end);
      if (i >= end || buf[i] !== COLON) return -1;
      i++;
      if (i < end && buf[i] <= SPACE) i = scan.ws(buf, i, end);
      if (i >= end) return -1;
      const valueStart = i;
      c = buf[i];
      if (c === QUOTE) {
        let high = 0;
        j = i + 1;
        while (j < end && (c = buf[j]) !== QUOTE && c !== BACKSLASH && c >= SPACE) {
          high |= c;
          j++;
        }
        if (j < end && c === QUOTE) {
          i = j + 1;
          if (field !== UNKNOWN_FIELD) this.record(field, STRING, valueStart + 1, j, high >= NON_ASCII ? FLAG_NON_ASCII : 0);
        } else {
          i = scan.string(buf, i, end);
          if (i < 0) return -1;
          const flags = (scan.escaped ? FLAG_ESCAPED : 0) | (scan.highBits >= NON_ASCII ? FLAG_NON_ASCII : 0);
          if (field !== UNKNOWN_FIELD) this.record(field, STRING, valueStart + 1, i - 1, flags);
        }
      } else if (field === FIELD_TAGS) {
        i = this.tags(buf, i, end);
        if (i < 0) return -1;
      } else {
        i = scan.value(buf, i, end);
        if (i < 0) return -1;
        if (field !== UNKNOWN_FIELD) this.record(field, c === MINUS || isDigit(c) ? NUMBER : this.nullOr(field, c), valueStart, i, 0);
      }
      if (i < end && buf[i] <= SPACE) i = scan.ws(buf, i, end);
      if (i >= end) return -1;
      c = buf[i];
      if (c === CLOSE_BRACE) return scan.ws(buf, i + 1, end);
      if (c !== COMMA) return -1;
      i = scan.ws(buf, i + 1, end);
      if (i >= end) return -1;
    }
  }

  /** `null` for an optional field (`"user": null`) means it is not there, as leaving it out does; anything else of the wrong type is WRONG. */
  private nullOr(field: number, c: number): number {
    return c === LOWER_N && field !== FIELD_EVENT ? ABSENT : WRONG;
  }

  private record(field: number, kind: number, start: number, end: number, flags: number): void {
    const at = field * SLOTS;
    const found = this.found;
    found[at + KIND] = kind;
    found[at + START] = start;
    found[at + END] = end;
    found[at + FLAGS] = flags;
  }

  /** The `tags` value at i: validated, and recorded as TAGS_OK only when it is an object of strings. */
  private tags(buf: Buffer, i: number, end: number): number {
    const scan = this.scan;
    this.found[FIELD_TAGS * SLOTS + KIND] = this.nullOr(FIELD_TAGS, buf[i]);
    if (buf[i] !== OPEN_BRACE) return scan.value(buf, i, end);
    const objectStart = i;
    let allStrings = true;
    i = scan.ws(buf, i + 1, end);
    if (i < end && buf[i] === CLOSE_BRACE) {
      // Flags 0: an empty object.
      this.record(FIELD_TAGS, TAGS_OK, objectStart, i + 1, 0);
      return i + 1;
    }
    for (;;) {
      i = scan.memberName(buf, i, end);
      if (i < 0) return -1;
      i = scan.ws(buf, i, end);
      if (i >= end) return -1;
      if (buf[i] !== QUOTE) allStrings = false;
      i = scan.value(buf, i, end);
      if (i < 0) return -1;
      i = scan.ws(buf, i, end);
      if (i >= end) return -1;
      const c = buf[i++];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return -1;
    }
    // Flags 1: an object with members, [objectStart, i) from `{` to `}`.
    if (allStrings) this.record(FIELD_TAGS, TAGS_OK, objectStart, i, 1);
    return i;
  }

  private fieldOfEscaped(buf: Buffer, start: number, end: number): number {
    const scratch = (this.tmpScratch = atLeast(this.tmpScratch, end - start));
    return fieldOf(scratch, 0, decodeJsonString(buf, start, end, scratch));
  }

  /** ts, user, value and tags, when present, into out; the reason when one has the wrong type. */
  private readOptionalFields(buf: Buffer, out: ParsedEvent): RejectReason | null {
    const found = this.found;
    let at = FIELD_TS * SLOTS;
    let kind = found[at + KIND];
    if (kind !== ABSENT) {
      if (kind === NUMBER) {
        const ts = parseDecimal(buf, found[at + START], found[at + END]);
        // Epoch seconds (what `date +%s` and most loggers give) or milliseconds: 10^11 s is the
        // year 5138, 10^11 ms is March 1973, so below it a number can only sensibly be seconds.
        out.ts = ts < SECONDS_BELOW ? ts * 1000 : ts;
      } else if (kind === STRING) out.ts = this.isoTime(buf, found[at + START], found[at + END], (found[at + FLAGS] & FLAG_ESCAPED) !== 0);
      if (!Number.isFinite(out.ts)) return 'invalid_field';
    }

    at = FIELD_VALUE * SLOTS;
    kind = found[at + KIND];
    if (kind !== ABSENT) {
      if (kind !== NUMBER) return 'invalid_field';
      out.value = parseDecimal(buf, found[at + START], found[at + END]);
      if (!Number.isFinite(out.value)) return 'invalid_field';
      out.valueKind = VALUE_MEASURE;
    }

    at = FIELD_TAGS * SLOTS;
    kind = found[at + KIND];
    if (kind !== ABSENT && kind !== TAGS_OK) return 'invalid_field';
    // `{}` has no tags: only an object with members is worth reading later.
    if (kind === TAGS_OK && found[at + FLAGS] !== 0) {
      out.tagsFormat = TAGS_JSON;
      out.tagsBuf = buf;
      out.tagsStart = found[at + START];
      out.tagsEnd = found[at + END];
    }

    at = FIELD_USER * SLOTS;
    kind = found[at + KIND];
    this.userAscii = true;
    if (kind === ABSENT) return null;
    if (kind === WRONG) return 'invalid_field';
    const start = found[at + START];
    const end = found[at + END];
    const flags = found[at + FLAGS];
    // An empty user string names nobody: the line has no user.
    if (start === end) return null;
    if ((flags & FLAG_ESCAPED) !== 0) {
      const scratch = (this.userScratch = atLeast(this.userScratch, end - start));
      out.userBuf = scratch;
      out.userStart = 0;
      out.userEnd = decodeJsonString(buf, start, end, scratch);
      this.userAscii = false;
    } else {
      if (out.userBuf !== buf) out.userBuf = buf;
      out.userStart = start;
      out.userEnd = end;
      this.userAscii = (flags & FLAG_NON_ASCII) === 0;
    }
    return null;
  }

  private isoTime(buf: Buffer, start: number, end: number, escaped: boolean): number {
    if (!escaped) return parseIsoTime(buf, start, end);
    const scratch = (this.tmpScratch = atLeast(this.tmpScratch, end - start));
    return parseIsoTime(scratch, 0, decodeJsonString(buf, start, end, scratch));
  }
}

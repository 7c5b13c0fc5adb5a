// StatsD lines (DESIGN §2): `name:value|type[|@rate][|#tag:v,...]`, type c, g, ms, h, s or d,
// read as Etsy statsd reads them: negative counter steps, any positive sample rate (applied to
// c, ms, h and d), several values of one name in a line (`name:1|c:2|c`), and sections past the
// type that it does not know (other dialects add some) are taken, not rejected.
// Detection and parsing are split: shape() is the cheap test auto-detection runs on every line
// that is not JSON, and it leaves behind what the parse (or the plain-text reading) needs.

import type { RejectReason } from '../../../src-shared/types';
import * as parsedEvent from './parsed-event';
import type { ParsedEvent } from './parsed-event';
import { parseDecimal } from './decimal';
import { HASH_LO_START, hashLoBlock, hashLoEnd } from '../sketch/hash';
import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const {
  AT,
  COLON,
  CR,
  FF,
  HASH,
  LF,
  LOWER_C,
  LOWER_D,
  LOWER_G,
  LOWER_H,
  LOWER_M,
  LOWER_S,
  MINUS,
  NON_ASCII,
  PIPE,
  PLUS,
  SPACE,
  TAB,
  VT,
  isAsciiSpace,
} = ascii;

const { TAGS_STATSD, VALUE_COUNTER, VALUE_GAUGE, VALUE_GAUGE_DELTA, VALUE_MEASURE } = parsedEvent;

/** 1 for the bytes that end a StatsD name: `:`, `|` and ASCII whitespace. */
const ENDS_NAME = new Uint8Array(256);
for (const c of [COLON, PIPE, SPACE, TAB, LF, VT, FF, CR]) ENDS_NAME[c] = 1;

const TYPE_COUNTER = 1;
const TYPE_SET = 2;
/** ms, h and d: a measurement, sampled at a rate like a counter. */
const TYPE_MEASURE = 3;
/** g: the value now; a rate means nothing to it. */
const TYPE_GAUGE = 4;

/** Which metric type the bytes [s, e) name, 0 for none. */
function typeOf(b: Uint8Array, s: number, e: number): number {
  if (e - s === 1) {
    const c = b[s];
    if (c === LOWER_C) return TYPE_COUNTER;
    if (c === LOWER_S) return TYPE_SET;
    if (c === LOWER_G) return TYPE_GAUGE;
    return c === LOWER_H || c === LOWER_D ? TYPE_MEASURE : 0;
  }
  return e - s === 2 && b[s] === LOWER_M && b[s + 1] === LOWER_S ? TYPE_MEASURE : 0;
}

export class StatsdParser {
  /** After shape(): where the name scan stopped (at the `:` of a StatsD line, else at the first `:`, `|` or whitespace, or the end). */
  nameScanEnd = 0;
  /** After shape(): the OR of the bytes scanned for the name; below NON_ASCII means they are ASCII. */
  nameScanHigh = 0;
  /** After shape(): hashLo() of the bytes scanned for the name, [start, nameScanEnd). */
  nameHash = 0;
  /** After a successful parse(): whether out's user (a set's value) is plain ASCII. */
  userAscii = true;
  /** After shape() returned true: the `|` after the value. */
  private valueEnd = 0;
  /** After parse(): where the line's next value starts (`name:1|c:2|c`), -1 when it has none. */
  next = -1;
  /** After sections(): the text of the first `#` section (the tags), empty when none. */
  private tagsStart = 0;
  private tagsEnd = 0;

  /**
   * Whether the trimmed line in bytes [start, end) has the StatsD shape: a name of one or more
   * bytes that are not `:`, `|` or whitespace, `:`, a value of one or more bytes that are not `|`
   * or whitespace, then `|`.
   */
  shape(buf: Buffer, start: number, end: number): boolean {
    // The name scan also hashes the name (hashLo of bytes [start, nameScanEnd)), four bytes at a
    // time while none of them ends the name: the counters then need no second pass over it.
    let i = start;
    let high = 0;
    let h = HASH_LO_START;
    for (; i + 4 <= end; i += 4) {
      const c0 = buf[i];
      const c1 = buf[i + 1];
      const c2 = buf[i + 2];
      const c3 = buf[i + 3];
      if ((ENDS_NAME[c0] | ENDS_NAME[c1] | ENDS_NAME[c2] | ENDS_NAME[c3]) !== 0) break;
      high |= c0 | c1 | c2 | c3;
      h = hashLoBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
    }
    // Fewer than four bytes are left before the name's end (or the line's).
    let tail = 0;
    for (let shift = 0; i < end; i++, shift += 8) {
      const c = buf[i];
      if (ENDS_NAME[c] !== 0) break;
      high |= c;
      tail |= c << shift;
    }
    this.nameScanEnd = i;
    this.nameScanHigh = high;
    this.nameHash = hashLoEnd(h, tail, i - start);
    if (i === start || i >= end || buf[i] !== COLON) return false;
    const valueStart = ++i;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === PIPE || (c <= SPACE && isAsciiSpace(c))) break;
    }
    this.valueEnd = i;
    return i > valueStart && i < end && buf[i] === PIPE;
  }

  /**
   * Reads the first value of the line that shape() just accepted into out (its name set and other
   * fields reset by the caller).
   */
  parse(buf: Buffer, end: number, out: ParsedEvent): RejectReason | null {
    return this.segment(buf, this.nameScanEnd + 1, this.valueEnd, end, out);
  }

  /**
   * The next value of a multi-value line (see `next`) into out, which keeps the line's name; the
   * caller resets the other fields. Same results as parse().
   */
  parseNext(buf: Buffer, end: number, out: ParsedEvent): RejectReason | null {
    const valueStart = this.next;
    let i = valueStart;
    while (i < end && buf[i] !== PIPE) i++;
    if (i === valueStart || i >= end) {
      this.next = -1;
      return i === valueStart ? 'invalid_statsd_value' : 'invalid_statsd_type';
    }
    return this.segment(buf, valueStart, i, end, out);
  }

  /** Why sections() gave NaN. */
  private sectionError: RejectReason = 'invalid_statsd_type';

  /**
   * Reads the sections after the type, from `i` (a `|` or `:`): the sample rate it returns (1 when
   * none), or NaN with the reason in sectionError. A `:` outside tags starts another value of the
   * name (`name:1|c:2|c`, as Etsy statsd reads a line): `next` then says where.
   */
  private sections(buf: Buffer, i: number, end: number): number {
    let rate = 1;
    let rateSeen = false;
    while (i < end) {
      if (buf[i] === COLON) {
        this.next = i + 1;
        break;
      }
      const sectionStart = ++i; // past the `|`
      if (buf[sectionStart] === AT) {
        while (i < end && buf[i] !== PIPE && buf[i] !== COLON) i++;
        if (rateSeen) return this.fail('invalid_statsd_rate');
        rateSeen = true;
        rate = parseDecimal(buf, sectionStart + 1, i);
        // Any positive rate, as Etsy statsd takes it (over 1 scales counts down); NaN fails too.
        if (!(rate > 0 && rate < Infinity)) return this.fail('invalid_statsd_rate');
      } else {
        // Tags (`#k:v,…`) and the sections other dialects add (DogStatsD's `c:<container>`,
        // `T<time>`) may hold `:`, and are read to the next `|`; those past tags are not used.
        while (i < end && buf[i] !== PIPE) i++;
        if (buf[sectionStart] === HASH && this.tagsEnd === this.tagsStart) {
          this.tagsStart = sectionStart + 1;
          this.tagsEnd = i;
        }
      }
      if (i === sectionStart) return this.fail('invalid_statsd_type');
    }
    return rate;
  }

  private fail(reason: RejectReason): number {
    this.sectionError = reason;
    return NaN;
  }

  /** One `value|type[|@rate][|#tags][|…]` of the line, the value in [valueStart, valueEnd). */
  private segment(buf: Buffer, valueStart: number, valueEnd: number, end: number, out: ParsedEvent): RejectReason | null {
    this.next = -1;
    const typeStart = valueEnd + 1;
    let i = typeStart;
    while (i < end && buf[i] !== PIPE && buf[i] !== COLON) i++;
    const type = typeOf(buf, typeStart, i);
    if (type === 0) return 'invalid_statsd_type';

    // Most lines end at their type; the sections after it are read apart, off the common path.
    this.tagsEnd = this.tagsStart;
    const rate = i < end ? this.sections(buf, i, end) : 1;
    if (rate !== rate) return this.sectionError;
    if (this.tagsEnd > this.tagsStart) {
      out.tagsFormat = TAGS_STATSD;
      out.tagsBuf = buf;
      out.tagsStart = this.tagsStart;
      out.tagsEnd = this.tagsEnd;
    }

    if (type === TYPE_SET) {
      // A set's member counts as a user; sample rates do not apply to sets (nor to gauges).
      out.count = 1;
      out.userBuf = buf;
      out.userStart = valueStart;
      out.userEnd = valueEnd;
      let high = 0;
      for (let k = valueStart; k < valueEnd; k++) high |= buf[k];
      this.userAscii = high < NON_ASCII;
      return null;
    }
    const value = parseDecimal(buf, valueStart, valueEnd);
    if (!Number.isFinite(value)) return 'invalid_statsd_value';
    this.userAscii = true;
    if (type === TYPE_COUNTER) {
      // A counter step may be negative (a decrement): it is |step|/rate occurrences, and its signed
      // step/rate is its value, so a sum of values is the counter StatsD would report.
      const step = value / rate;
      // A finite value over a small rate can still overflow (`1e308|c|@0.5`): an infinite count
      // would poison the totals, and the name counters refuse it.
      if (!Number.isFinite(step)) return 'invalid_statsd_value';
      out.count = Math.abs(step);
      out.value = step;
      out.valueKind = VALUE_COUNTER;
    } else if (type === TYPE_GAUGE) {
      // A sign makes it a move of the gauge, as StatsD has it (`+4`, `-3`), not a level.
      out.count = 1;
      out.value = value;
      const lead = buf[valueStart];
      out.valueKind = lead === PLUS || lead === MINUS ? VALUE_GAUGE_DELTA : VALUE_GAUGE;
    } else {
      // A sampled timer, histogram or distribution stands for 1/rate measurements of this value.
      out.count = 1 / rate;
      out.value = value;
      out.valueKind = VALUE_MEASURE;
    }
    return null;
  }
}

// Line -> event (DESIGN §2). Dispatches each trimmed line to the JSON, StatsD or plain reading
// (detected per line, or forced), then checks what every format shares: the event name's
// length in characters and the UTF-8 of the name and the user. Works on byte ranges and fills
// a caller-owned ParsedEvent, so a line costs no allocation.

import type { LineFormat, RejectReason } from '../../../src-shared/types';
import * as parsedEvent from './parsed-event';
import type { ParsedEvent } from './parsed-event';
import { JsonEventParser } from './json-event';
import { StatsdParser } from './statsd';
import { hashLo } from '../sketch/hash';
import { utf8CodePoints } from './utf8';
import * as ascii from './ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { NON_ASCII, OPEN_BRACE, isAsciiSpace } = ascii;
const { TAGS_NONE, VALUE_NONE } = parsedEvent;

/** What parse() returns for a whitespace-only line: ignored like an empty line, neither event nor reject. */
export const SKIP = 'skip';

export interface ParseLimits {
  /** Longest event name in characters (Unicode code points). Default 256. */
  maxNameChars: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({ maxNameChars: 256 });

const MODE_AUTO = 0;
const MODE_JSON = 1;
const MODE_STATSD = 2;
const MODE_PLAIN = 3;

function modeOf(format: LineFormat): number {
  switch (format) {
    case 'json':
      return MODE_JSON;
    case 'statsd':
      return MODE_STATSD;
    case 'plain':
      return MODE_PLAIN;
    default:
      return MODE_AUTO;
  }
}

export class LineParser {
  /** Limits, read on every parse: change them at any time. */
  limits: ParseLimits;
  /** After parse() returned an event: hashLo() of its name's bytes, found while reading them (for NameCounts.addHashed). */
  nameHash = 0;
  /** The trimmed end of the line last parsed, where parseMore() stops. */
  private lineEnd = 0;
  private mode = MODE_AUTO;
  private formatName: LineFormat = 'auto';
  private readonly json = new JsonEventParser();
  private readonly statsd = new StatsdParser();

  /** format: how lines are read, default 'auto' (per line). limits: see ParseLimits for the defaults. */
  constructor(format: LineFormat = 'auto', limits?: Partial<ParseLimits>) {
    this.format = format;
    this.limits = { ...DEFAULT_PARSE_LIMITS, ...limits };
  }

  /** How lines are read ('auto' detects per line); can be changed at any time. */
  get format(): LineFormat {
    return this.formatName;
  }

  set format(format: LineFormat) {
    this.formatName = format;
    this.mode = modeOf(format);
  }

  /**
   * Parses bytes [start,end) of buf (no newline) into `out`. Returns null for an event, SKIP, or
   * the reason it is rejected. A StatsD line may hold more values of its name: see hasMore.
   */
  parse(buf: Buffer, start: number, end: number, out: ParsedEvent): RejectReason | typeof SKIP | null {
    // Buffers are stored only when they change (see ParsedEvent).
    if (out.nameBuf !== buf) out.nameBuf = buf;
    out.nameStart = 0;
    out.nameEnd = 0;
    out.count = 0;
    out.ts = NaN;
    if (out.userBuf !== buf) out.userBuf = buf;
    out.userStart = -1;
    out.userEnd = -1;
    out.value = NaN;
    out.valueKind = VALUE_NONE;
    out.tagsFormat = TAGS_NONE;

    while (start < end && isAsciiSpace(buf[start])) start++;
    while (end > start && isAsciiSpace(buf[end - 1])) end--;
    if (start === end) return SKIP;
    this.lineEnd = end;

    const mode = this.mode;
    if (mode === MODE_PLAIN) return this.plain(buf, start, end, out, false, hashLo(buf, start, end));
    if (buf[start] === OPEN_BRACE && mode !== MODE_STATSD) return this.parseJson(buf, start, end, out);
    if (mode === MODE_JSON) return 'invalid_json';
    const statsd = this.statsd;
    if (statsd.shape(buf, start, end)) {
      this.nameHash = statsd.nameHash;
      out.nameStart = start;
      out.nameEnd = statsd.nameScanEnd;
      const reason = statsd.parse(buf, end, out);
      // A bad name rejects the line once, whatever number of values it holds.
      const name = this.checkName(out, statsd.nameScanHigh < NON_ASCII);
      if (name !== null) {
        statsd.next = -1;
        return name;
      }
      if (reason !== null) return reason;
      return !statsd.userAscii && utf8CodePoints(out.userBuf, out.userStart, out.userEnd) < 0 ? 'invalid_utf8' : null;
    }
    if (mode === MODE_STATSD) return 'invalid_statsd_value';
    // The shape test scanned (and hashed) the name up to its first `:`, `|` or space; when that
    // was the whole line, the plain name needs no second pass, nor a look at its bytes if ASCII.
    if (statsd.nameScanEnd === end) return this.plain(buf, start, end, out, statsd.nameScanHigh < NON_ASCII, statsd.nameHash);
    return this.plain(buf, start, end, out, false, hashLo(buf, start, end));
  }

  /** After parse() gave an event or a reject: whether the line holds another value of its name (`name:1|c:2|c`). */
  get hasMore(): boolean {
    return this.statsd.next >= 0;
  }

  /** The line's next value into out, which keeps the line's name: null for an event, or the reason it is rejected. */
  parseMore(buf: Buffer, out: ParsedEvent): RejectReason | null {
    out.count = 0;
    out.userStart = -1;
    out.userEnd = -1;
    out.value = NaN;
    out.valueKind = VALUE_NONE;
    out.tagsFormat = TAGS_NONE;
    return this.statsdValue(this.statsd.parseNext(buf, this.lineEnd, out), out);
  }

  private statsdValue(reason: RejectReason | null, out: ParsedEvent): RejectReason | null {
    if (reason !== null) return reason;
    return !this.statsd.userAscii && utf8CodePoints(out.userBuf, out.userStart, out.userEnd) < 0 ? 'invalid_utf8' : null;
  }

  private parseJson(buf: Buffer, start: number, end: number, out: ParsedEvent): RejectReason | null {
    const json = this.json;
    const reason = json.parse(buf, start, end, out);
    if (reason !== null) return reason;
    if (out.nameEnd === out.nameStart) return 'empty_name';
    if (!json.userAscii && out.userStart >= 0 && utf8CodePoints(out.userBuf, out.userStart, out.userEnd) < 0) return 'invalid_utf8';
    this.nameHash = hashLo(out.nameBuf, out.nameStart, out.nameEnd);
    return this.checkName(out, json.nameAscii);
  }

  private plain(buf: Buffer, start: number, end: number, out: ParsedEvent, ascii: boolean, nameHash: number): RejectReason | null {
    if (out.nameBuf !== buf) out.nameBuf = buf;
    out.nameStart = start;
    out.nameEnd = end;
    out.count = 1;
    this.nameHash = nameHash;
    return this.checkName(out, ascii);
  }

  /** The name in out is valid UTF-8 and at most limits.maxNameChars code points; ascii says its bytes are known to be ASCII. */
  private checkName(out: ParsedEvent, ascii: boolean): RejectReason | null {
    const chars = ascii ? out.nameEnd - out.nameStart : utf8CodePoints(out.nameBuf, out.nameStart, out.nameEnd);
    if (chars < 0) return 'invalid_utf8';
    return chars > this.limits.maxNameChars ? 'name_too_long' : null;
  }
}

/**
 * One parsed line, written in place by the parser into an object the caller reuses, so the hot
 * path allocates nothing per line. Names and users are byte ranges (UTF-8), not strings: the
 * counters key on bytes and decode a name to a string only when it is first kept.
 *
 * The parsers store a buffer into it only when it differs from the one it holds. The event lives
 * long (old generation) and each socket read is a fresh buffer (young generation), so every such
 * store takes V8's write barrier's slow path, which records the old-to-young pointer: storing the
 * chunk once per line cost plain lines about 10 ns of 60 (bench/hot-path.ts feeds fresh chunks).
 */
export interface ParsedEvent {
  /** The event name: bytes [nameStart, nameEnd) of nameBuf (the line itself, or a scratch buffer when JSON escapes had to be decoded). */
  nameBuf: Buffer;
  nameStart: number;
  nameEnd: number;
  /** Occurrences this line adds: 1, or value/rate for a StatsD counter. */
  count: number;
  /** Event time in epoch ms, NaN when the line has none. */
  ts: number;
  /** The user (JSON `user`, StatsD set value), as bytes; userEnd === userStart (-1) when there is none. */
  userBuf: Buffer;
  userStart: number;
  userEnd: number;
  /** The numeric value (JSON `value`, StatsD value), NaN when none. */
  value: number;
  /** How the value counts (VALUE_* below): as a measurement, a counter step, a gauge level or a gauge delta. */
  valueKind: number;
  /** The tags, as bytes [tagsStart, tagsEnd) of tagsBuf in the form TAGS_* says; TAGS_NONE when the line has none. */
  tagsFormat: number;
  tagsBuf: Buffer;
  tagsStart: number;
  tagsEnd: number;
}

/** No value. */
export const VALUE_NONE = 0;
/** A measurement (JSON `value`, StatsD ms, h, d), weighted by the line's count (1/rate when sampled). */
export const VALUE_MEASURE = 1;
/** A StatsD counter's signed step/rate: the values sum to the counter StatsD reports. */
export const VALUE_COUNTER = 2;
/** A StatsD gauge set to this level. */
export const VALUE_GAUGE = 3;
/** A StatsD gauge moved by this signed amount (`+N` / `-N`). */
export const VALUE_GAUGE_DELTA = 4;

export const TAGS_NONE = 0;
/** A JSON object of strings, braces included. */
export const TAGS_JSON = 1;
/** StatsD's `k:v,k2:v2,flag` (the text after `#`). */
export const TAGS_STATSD = 2;

export function newParsedEvent(): ParsedEvent {
  const empty = Buffer.alloc(0);
  return {
    nameBuf: empty,
    nameStart: 0,
    nameEnd: 0,
    count: 0,
    ts: NaN,
    userBuf: empty,
    userStart: -1,
    userEnd: -1,
    value: NaN,
    valueKind: VALUE_NONE,
    tagsFormat: TAGS_NONE,
    tagsBuf: empty,
    tagsStart: 0,
    tagsEnd: 0,
  };
}

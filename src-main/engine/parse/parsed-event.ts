/**
 * One parsed line, written in place by the parser into an object the caller reuses, so the hot
 * path allocates nothing per line. Names and users are byte ranges (UTF-8), not strings: the
 * counters key on bytes and decode a name to a string only when it is first kept.
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
}

export function newParsedEvent(): ParsedEvent {
  const empty = Buffer.alloc(0);
  return { nameBuf: empty, nameStart: 0, nameEnd: 0, count: 0, ts: NaN, userBuf: empty, userStart: -1, userEnd: -1, value: NaN };
}

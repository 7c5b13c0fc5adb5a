// Bytes -> lines (DESIGN §2). The hot path: a line wholly inside a chunk is handed to the sink as
// a range of that chunk, so the common case copies and allocates nothing. Only a line split across
// chunks is assembled in a carry buffer owned by the framer, and a line over the limit is skipped
// up to its newline without being held, so memory per connection stays bounded. A UTF-8 byte
// order mark that opens the stream (some Windows tools write one) is dropped before anything reads
// the first line, so it cannot turn a JSON line into a plain one.

import * as ascii from '../parse/ascii';

// Module consts, which V8 folds into the code; an imported name would be read from its module cell
// at every use (ascii.ts).
const { CR, LF } = ascii;

/** First size of the carry buffer; it doubles on demand up to the line limit (+1 for a pending \r). */
const CARRY_INITIAL_BYTES = 256;
/** Lines up to this long are searched for their newline byte by byte (see push). */
const PROBE_BYTES = 24;
/** The UTF-8 byte order mark. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** bomSeen once the start of the stream has been read past. */
const BOM_DONE = -1;

export interface LineSink {
  /** One complete line, bytes [start, end) of buf, newline and a trailing \r excluded; never empty. buf is only valid during the call. */
  line(buf: Buffer, start: number, end: number): void;
  /** A line longer than the limit was skipped; `bytes` is its full length including the newline. Called once per such line, when its newline arrives (or at end()). */
  overlong(bytes: number): void;
}

/** What a framer holds between chunks, to hand a stream over to another framer (another ingest worker). */
export interface FramerState {
  /** The start of a line with no newline yet (a copy). */
  carry: Uint8Array;
  /** Bytes skipped so far of an overlong line, -1 when not skipping one. */
  skipped: number;
  /** Bytes of a byte order mark seen at the start, 0 to 3, or -1 once the start was read past. */
  bomSeen: number;
}

/** The state of a framer that reads a stream from a line boundary past its start: nothing held, no byte order mark to look for. */
export const STREAM_PAST_START: Readonly<FramerState> = Object.freeze({ carry: new Uint8Array(0), skipped: -1, bomSeen: BOM_DONE });

export class LineFramer {
  /** Limit in bytes of a line without its newline (and \r). Can be changed at any time; it applies to lines not yet complete. */
  maxLineBytes: number;
  private readonly sink: LineSink;
  /** Start of the current line when it began in an earlier chunk. */
  private carry: Buffer = Buffer.alloc(0);
  private carryLen = 0;
  /** True while skipping the rest of an overlong line; `skipped` counts its bytes so far. */
  private skipping = false;
  private skipped = 0;
  /** Whether the last line was short enough for the byte loop (see push). */
  private shortLines = true;
  /** Bytes of a byte order mark seen at the start of the stream, 0 to 3; BOM_DONE once decided. */
  private bomSeen = 0;

  constructor(maxLineBytes: number, sink: LineSink) {
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  /** Bytes currently held for an incomplete line (at most maxLineBytes + 1: the +1 is a \r that may precede the newline). */
  get bufferedBytes(): number {
    return this.carryLen;
  }

  push(chunk: Buffer): void {
    this.frame(chunk, false);
  }

  /**
   * A chunk that is a whole stream by itself (a UDP datagram): its last line needs no newline, and
   * it is delivered as a range of the chunk like the others, not copied to the carry buffer as
   * push() then end() would. Nothing is held from one call to the next; a byte order mark may open
   * each chunk, as each is a stream of its own.
   */
  whole(chunk: Buffer): void {
    this.bomSeen = 0;
    this.frame(chunk, true);
    // Only a chunk that is all (or the start of) a byte order mark leaves anything held: end() says what those bytes were.
    this.end();
  }

  /** Delivers the chunk's lines; the rest after its last newline is held for the next chunk, or when `final` is its last line. */
  private frame(chunk: Buffer, final: boolean): void {
    const len = chunk.length;
    if (len === 0) return;
    let pos = 0;
    if (this.bomSeen !== BOM_DONE) {
      pos = this.skipBom(chunk);
      if (pos < 0) return;
    }
    if (this.skipping || this.carryLen > 0) {
      pos = this.finishPending(chunk, pos);
      if (pos < 0) return;
    }
    const sink = this.sink;
    const max = this.maxLineBytes;
    // A byte loop beats Buffer#indexOf for short lines (indexOf crosses into C++ on every call,
    // about the cost of a 20-byte loop), indexOf's memchr wins on longer ones. Lines of one stream
    // tend to be alike, so the length of the last line picks the search for the next.
    let short = this.shortLines;
    for (;;) {
      let nl = pos;
      if (short) {
        const probeEnd = pos + PROBE_BYTES < len ? pos + PROBE_BYTES : len;
        while (nl < probeEnd && chunk[nl] !== LF) nl++;
        if (nl === probeEnd) {
          nl = nl < len ? chunk.indexOf(LF, nl) : -1;
          short = false;
        }
      } else {
        nl = chunk.indexOf(LF, pos);
        short = nl - pos < PROBE_BYTES;
      }
      if (nl < 0) break;
      let end = nl;
      if (end > pos && chunk[end - 1] === CR) end--;
      const n = end - pos;
      if (n > 0) {
        if (n > max) sink.overlong(nl + 1 - pos);
        else sink.line(chunk, pos, end);
      }
      pos = nl + 1;
    }
    this.shortLines = short;
    if (pos >= len) return;
    if (final) this.last(chunk, pos, len);
    else this.hold(chunk, pos);
  }

  /** Bytes [from, len) of chunk are a last line without newline (a trailing \r dropped, as end() does). */
  private last(chunk: Buffer, from: number, len: number): void {
    const end = chunk[len - 1] === CR ? len - 1 : len;
    if (end === from) return;
    if (end - from > this.maxLineBytes) this.sink.overlong(len - from);
    else this.sink.line(chunk, from, end);
  }

  /** Clean end of stream (FIN): a trailing line without newline is delivered (or reported overlong). A trailing \r is dropped as before a newline. */
  end(): void {
    // A stream that ended inside what looked like a byte order mark: those bytes were data.
    if (this.bomSeen !== BOM_DONE) this.releaseBom();
    if (this.skipping) {
      const bytes = this.skipped;
      this.reset();
      this.sink.overlong(bytes);
      return;
    }
    const held = this.carryLen;
    if (held === 0) return;
    let n = held;
    if (this.carry[n - 1] === CR) n--;
    this.carryLen = 0;
    if (n === 0) return;
    if (n > this.maxLineBytes) this.sink.overlong(held);
    else this.sink.line(this.carry, 0, n);
  }

  /** What it holds, for another framer to go on with the same stream (restore); this one is then empty. */
  save(): FramerState {
    const state = {
      carry: Uint8Array.prototype.slice.call(this.carry, 0, this.carryLen),
      skipped: this.skipping ? this.skipped : -1,
      bomSeen: this.bomSeen,
    };
    this.reset();
    return state;
  }

  /** Goes on with a stream another framer read up to save(). */
  restore(state: FramerState): void {
    this.reset();
    this.bomSeen = state.bomSeen;
    if (state.skipped >= 0) {
      this.skipping = true;
      this.skipped = state.skipped;
    } else if (state.carry.length > 0) {
      this.appendCarry(Buffer.from(state.carry.buffer, state.carry.byteOffset, state.carry.length), 0, state.carry.length, 0);
      this.carryLen = state.carry.length;
    }
  }

  /** Abrupt end (reset/error): the partial trailing line is dropped. Returns how many bytes were dropped (also those of a partial overlong line already skipped). */
  discard(): number {
    const dropped = this.skipping ? this.skipped : this.carryLen;
    this.reset();
    return dropped;
  }

  /**
   * At the start of the stream: drops a byte order mark, which may arrive split over chunks.
   * Returns where the rest of the chunk starts, or -1 when the whole chunk was (part of) one.
   */
  private skipBom(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length && this.bomSeen < BOM.length) {
      if (chunk[i] !== BOM[this.bomSeen]) {
        this.releaseBom();
        return i;
      }
      this.bomSeen++;
      i++;
    }
    if (this.bomSeen < BOM.length) return -1;
    this.bomSeen = BOM_DONE;
    return i;
  }

  /** Ends the look for a mark; the bytes of one begun but not finished are the stream's first bytes. */
  private releaseBom(): void {
    const taken = this.bomSeen;
    this.bomSeen = BOM_DONE;
    if (taken > 0) this.push(BOM.subarray(0, taken));
  }

  private reset(): void {
    this.carryLen = 0;
    this.skipping = false;
    this.skipped = 0;
  }

  /**
   * Continues the line left pending by earlier chunks, reading the chunk from `from`: skips or completes it. Returns where the
   * rest of the chunk starts, or -1 when the whole chunk belonged to that line.
   */
  private finishPending(chunk: Buffer, from: number): number {
    const nl = chunk.indexOf(LF, from);
    if (this.skipping) {
      if (nl < 0) {
        this.skipped += chunk.length - from;
        return -1;
      }
      const bytes = this.skipped + nl - from + 1;
      this.reset();
      this.sink.overlong(bytes);
      return nl + 1;
    }
    if (nl < 0) {
      this.hold(chunk, from);
      return -1;
    }
    const held = this.carryLen;
    let n = held + nl - from;
    if (nl > from ? chunk[nl - 1] === CR : this.carry[held - 1] === CR) n--;
    this.carryLen = 0;
    if (n > this.maxLineBytes) {
      this.sink.overlong(held + nl - from + 1);
    } else if (n > 0) {
      // Only the part of the chunk that belongs to the line is copied (n - held may be -1 when
      // the dropped \r is the last held byte).
      if (n > held) this.appendCarry(chunk, from, n - held, held);
      this.sink.line(this.carry, 0, n);
    }
    return nl + 1;
  }

  /** Keeps bytes [from, end) of chunk, which start or continue a line with no newline yet. */
  private hold(chunk: Buffer, from: number): void {
    const add = chunk.length - from;
    const held = this.carryLen;
    // Longer than the limit even if its last byte turns out to be a \r: skip the line from here.
    if (held + add > this.maxLineBytes + 1) {
      this.carryLen = 0;
      this.skipping = true;
      this.skipped = held + add;
      return;
    }
    this.appendCarry(chunk, from, add, held);
    this.carryLen = held + add;
  }

  private appendCarry(chunk: Buffer, from: number, count: number, at: number): void {
    const need = at + count;
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(need, this.carry.length * 2, CARRY_INITIAL_BYTES), this.maxLineBytes + 1));
      this.carry.copy(grown, 0, 0, at);
      this.carry = grown;
    }
    chunk.copy(this.carry, at, from, from + count);
  }
}

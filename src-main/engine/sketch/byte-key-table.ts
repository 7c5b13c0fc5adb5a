// A hash table keyed by byte strings, each key mapped to one number. Keys live in a growable
// byte arena so that a lookup compares bytes in place and never builds a string; a key is
// decoded to a string only when asked for, and that string is cached until the key leaves.
//
// An entry's id is its slot in the per-entry arrays and stays put while the key is in the
// table, so callers can index their own structures (a heap) by id. The index is open
// addressing with linear probing over ids; removal shifts index cells back instead of leaving
// tombstones, so lookups stay short however many keys come and go.

const INITIAL_ENTRIES = 64;
const INITIAL_ARENA_BYTES = 4096;
/** Buffers more than this many times larger than a window needed are shrunk at clear(). */
const SHRINK_FACTOR = 4;
/**
 * The index grows once keys fill more than 1/CELLS_PER_KEY of its cells. Past the counters, every
 * line evicts a name and walks the index three times (find, remove, insert), and each step of a
 * probe run reads another id's hash. With a million names NameCounts cost 91 ns a line at a load
 * of up to 1/2, 76 at 1/4 and 71 at 1/8; the whole in-process path of a plain line 120 -> 102 ns.
 * The price: 8 to 16 cells of 4 bytes a key, in tables of at most their exact limit or capacity (10,000 by default).
 */
const CELLS_PER_KEY = 8;

// ignoreBOM: a name that starts with U+FEFF keeps it (only a mark that opens a stream is dropped, by the
// framer); by default a decoder drops it, and two names would read the same.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class ByteKeyTable {
  /** The number of each entry, by id; the array is replaced when the table grows. */
  values: Float64Array;

  private cells: Int32Array; // entry id + 1, 0 when empty
  private mask: number;
  private keyOffset: Int32Array;
  private keyLength: Int32Array; // -1 for a free id
  private keyRoom: Int32Array; // arena bytes reserved for the key
  private hashLo: Int32Array;
  private hashHi: Int32Array;
  private names: (string | undefined)[];
  private freeIds: Int32Array;
  private freeCount = 0;
  /** Ids handed out since the last clear (free ones included): the window's peak size. */
  private idsUsed = 0;

  private arena: Uint8Array;
  /** The other half of the arena's double buffer, for compaction without allocating. */
  private spare: Uint8Array | null = null;
  private arenaEnd = 0;
  private arenaLive = 0;

  constructor() {
    this.values = new Float64Array(INITIAL_ENTRIES);
    this.keyOffset = new Int32Array(INITIAL_ENTRIES);
    this.keyLength = new Int32Array(INITIAL_ENTRIES);
    this.keyRoom = new Int32Array(INITIAL_ENTRIES);
    this.hashLo = new Int32Array(INITIAL_ENTRIES);
    this.hashHi = new Int32Array(INITIAL_ENTRIES);
    this.names = noNames(INITIAL_ENTRIES);
    this.freeIds = new Int32Array(INITIAL_ENTRIES);
    this.cells = new Int32Array(INITIAL_ENTRIES * CELLS_PER_KEY);
    this.mask = this.cells.length - 1;
    this.arena = new Uint8Array(INITIAL_ARENA_BYTES);
  }

  /** Keys in the table. */
  get size(): number {
    return this.idsUsed - this.freeCount;
  }

  /** Ids are below this bound. */
  get idLimit(): number {
    return this.idsUsed;
  }

  /** Bytes held by the key arena (both halves of its double buffer). */
  get arenaBytes(): number {
    return this.arena.length + (this.spare?.length ?? 0);
  }

  /** True when id holds a key (ids below idLimit may be free after remove()). */
  has(id: number): boolean {
    return id >= 0 && id < this.idsUsed && this.keyLength[id] >= 0;
  }

  hashLoOf(id: number): number {
    return this.hashLo[id];
  }

  hashHiOf(id: number): number {
    return this.hashHi[id];
  }

  /**
   * The id of the key in bytes [start, end) of buf whose hash has low half `lo`, or -1. Only the
   * low half is needed to look up (it places and filters keys), so a caller computes the high
   * half only for a key it then inserts.
   */
  find(buf: Uint8Array, start: number, end: number, lo: number): number {
    const len = end - start;
    const cells = this.cells;
    const mask = this.mask;
    for (let pos = lo & mask; ; pos = (pos + 1) & mask) {
      const cell = cells[pos];
      if (cell === 0) return -1;
      const id = cell - 1;
      if (this.hashLo[id] === lo && this.keyLength[id] === len && this.sameBytes(id, buf, start, len)) return id;
    }
  }

  /** Adds a key that find() did not find, with both halves of its hash; its value starts at 0. Returns its id. */
  insert(buf: Uint8Array, start: number, end: number, lo: number, hi: number): number {
    if ((this.size + 1) * CELLS_PER_KEY > this.cells.length) this.rehash(this.cells.length * 2);
    let id: number;
    if (this.freeCount > 0) {
      id = this.freeIds[--this.freeCount];
    } else {
      if (this.idsUsed === this.keyLength.length) this.resizeEntries(this.keyLength.length * 2, true);
      id = this.idsUsed++;
      this.keyRoom[id] = 0;
    }
    this.store(id, buf, start, end, lo, hi);
    this.values[id] = 0;
    return id;
  }

  /** Puts another key in place of id's, keeping the id (and its value) for the new key. */
  replace(id: number, buf: Uint8Array, start: number, end: number, lo: number, hi: number): void {
    this.unindex(id);
    this.store(id, buf, start, end, lo, hi);
  }

  /** Takes id's key out; the id may be handed out again by insert(). */
  remove(id: number): void {
    this.unindex(id);
    this.arenaLive -= this.keyRoom[id];
    this.keyRoom[id] = 0;
    this.keyLength[id] = -1;
    this.names[id] = undefined;
    this.freeIds[this.freeCount++] = id;
  }

  /** The key of id as a string (UTF-8 decoded once, then cached until the key leaves). */
  nameOf(id: number): string {
    let name = this.names[id];
    if (name === undefined) {
      const offset = this.keyOffset[id];
      name = decoder.decode(this.arena.subarray(offset, offset + this.keyLength[id]));
      this.names[id] = name;
    }
    return name;
  }

  /**
   * Empties the table for the next window. Keeps its buffers, unless this window used far
   * less than they hold (a past burst made them huge): then they shrink so memory returns.
   */
  clear(): void {
    this.names.fill(undefined, 0, this.idsUsed);
    const entries = this.keyLength.length;
    if (entries > SHRINK_FACTOR * Math.max(this.idsUsed, INITIAL_ENTRIES)) {
      this.resizeEntries(Math.max(INITIAL_ENTRIES, nextPowerOfTwo(this.idsUsed * 2)), false);
      this.cells = new Int32Array(this.keyLength.length * CELLS_PER_KEY);
      this.mask = this.cells.length - 1;
    } else {
      this.cells.fill(0);
    }
    if (this.arena.length > SHRINK_FACTOR * Math.max(this.arenaEnd, INITIAL_ARENA_BYTES)) {
      this.arena = new Uint8Array(Math.max(INITIAL_ARENA_BYTES, nextPowerOfTwo(this.arenaEnd * 2)));
      this.spare = null;
    }
    this.idsUsed = 0;
    this.freeCount = 0;
    this.arenaEnd = 0;
    this.arenaLive = 0;
  }

  private sameBytes(id: number, buf: Uint8Array, start: number, len: number): boolean {
    const arena = this.arena;
    const offset = this.keyOffset[id] - start;
    for (let i = start, end = start + len; i < end; i++) {
      if (arena[offset + i] !== buf[i]) return false;
    }
    return true;
  }

  /** Writes a key into id (its old bytes' room is reused when the new key fits) and indexes it. */
  private store(id: number, buf: Uint8Array, start: number, end: number, lo: number, hi: number): void {
    const len = end - start;
    if (len > this.keyRoom[id]) {
      this.arenaLive -= this.keyRoom[id];
      this.keyRoom[id] = 0;
      this.keyLength[id] = 0; // so that a compaction below skips the old bytes
      const room = (len + 7) & ~7; // rounding up lets a slightly longer key reuse the room later
      this.keyOffset[id] = this.reserve(room);
      this.keyRoom[id] = room;
      this.arenaLive += room;
    }
    // A byte loop, not arena.set(buf.subarray()): a subarray is an allocation per key.
    const arena = this.arena;
    for (let i = start, to = this.keyOffset[id]; i < end; i++, to++) arena[to] = buf[i];
    this.keyLength[id] = len;
    this.hashLo[id] = lo;
    this.hashHi[id] = hi;
    this.names[id] = undefined;
    const cells = this.cells;
    const mask = this.mask;
    let pos = lo & mask;
    while (cells[pos] !== 0) pos = (pos + 1) & mask;
    cells[pos] = id + 1;
  }

  /** Arena offset of `room` fresh bytes: appended, after compacting or growing when full. */
  private reserve(room: number): number {
    if (this.arenaEnd + room > this.arena.length) {
      const needed = this.arenaLive + room;
      // Compact when at least half the arena is dead keys; grow otherwise (or if still short).
      const size = needed * 2 <= this.arena.length ? this.arena.length : nextPowerOfTwo(needed * 2);
      this.compactInto(size);
    }
    const offset = this.arenaEnd;
    this.arenaEnd += room;
    return offset;
  }

  private compactInto(size: number): void {
    const target = this.spare !== null && this.spare.length === size ? this.spare : new Uint8Array(size);
    const source = this.arena;
    let end = 0;
    for (let id = 0; id < this.idsUsed; id++) {
      const room = this.keyRoom[id];
      if (room === 0) continue;
      const offset = this.keyOffset[id];
      target.set(source.subarray(offset, offset + this.keyLength[id]), end);
      this.keyOffset[id] = end;
      end += room;
    }
    this.spare = source.length === size ? source : null;
    this.arena = target;
    this.arenaEnd = end;
  }

  /** Takes id out of the index, shifting later cells of its probe run back into the gap. */
  private unindex(id: number): void {
    const cells = this.cells;
    const mask = this.mask;
    let gap = this.hashLo[id] & mask;
    while (cells[gap] !== id + 1) gap = (gap + 1) & mask;
    for (let pos = (gap + 1) & mask; cells[pos] !== 0; pos = (pos + 1) & mask) {
      const home = this.hashLo[cells[pos] - 1] & mask;
      // A cell may move back to the gap only if its home is not cyclically in (gap, pos].
      const stays = gap <= pos ? home > gap && home <= pos : home > gap || home <= pos;
      if (!stays) {
        cells[gap] = cells[pos];
        gap = pos;
      }
    }
    cells[gap] = 0;
  }

  private rehash(cellCount: number): void {
    const cells = new Int32Array(cellCount);
    const mask = cellCount - 1;
    for (let id = 0; id < this.idsUsed; id++) {
      if (this.keyLength[id] < 0) continue;
      let pos = this.hashLo[id] & mask;
      while (cells[pos] !== 0) pos = (pos + 1) & mask;
      cells[pos] = id + 1;
    }
    this.cells = cells;
    this.mask = mask;
  }

  /** Gives every per-entry array `count` entries; with `keep`, the ids in use keep theirs (and the free ids stay free). */
  private resizeEntries(count: number, keep: boolean): void {
    const used = keep ? this.idsUsed : 0;
    this.values = withPrefix(new Float64Array(count), this.values, used);
    this.keyOffset = withPrefix(new Int32Array(count), this.keyOffset, used);
    this.keyLength = withPrefix(new Int32Array(count), this.keyLength, used);
    this.keyRoom = withPrefix(new Int32Array(count), this.keyRoom, used);
    this.hashLo = withPrefix(new Int32Array(count), this.hashLo, used);
    this.hashHi = withPrefix(new Int32Array(count), this.hashHi, used);
    this.freeIds = withPrefix(new Int32Array(count), this.freeIds, keep ? this.freeCount : 0);
    if (!keep) this.names = noNames(count);
    else while (this.names.length < count) this.names.push(undefined);
  }
}

/** `array` once the first `count` elements of `from` are copied into it. */
function withPrefix<T extends Int32Array | Float64Array>(array: T, from: T, count: number): T {
  array.set(from.subarray(0, count));
  return array;
}

/** A packed array of `count` empty name slots (pushed rather than sized, so that V8 keeps it packed). */
function noNames(count: number): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) names.push(undefined);
  return names;
}

function nextPowerOfTwo(n: number): number {
  return n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n));
}

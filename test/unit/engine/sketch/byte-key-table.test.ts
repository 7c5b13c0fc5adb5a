import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeyTable } from '../../../../src-main/engine/sketch/byte-key-table';
import { hashBytes } from '../../../../src-main/engine/sketch/hash';

/** The table driven the way its owners drive it: hash once, then find / insert / replace by byte range. */
class Keyed {
  readonly table = new ByteKeyTable();
  private readonly hash = { lo: 0, hi: 0 };
  private readonly buf = Buffer.alloc(4096);
  private start = 0;
  private end = 0;

  private load(key: string): void {
    this.start = 7; // keys never start at offset 0, so every range is honoured
    this.end = this.start + this.buf.write(key, this.start);
    hashBytes(this.buf, this.start, this.end, this.hash);
  }

  find(key: string): number {
    this.load(key);
    return this.table.find(this.buf, this.start, this.end, this.hash.lo);
  }

  insert(key: string): number {
    this.load(key);
    return this.table.insert(this.buf, this.start, this.end, this.hash.lo, this.hash.hi);
  }

  replace(id: number, key: string): void {
    this.load(key);
    this.table.replace(id, this.buf, this.start, this.end, this.hash.lo, this.hash.hi);
  }
}

describe('ByteKeyTable', () => {
  it('finds what was inserted, by bytes, with the value starting at 0', () => {
    const t = new Keyed();
    expect(t.find('alpha')).toBe(-1);
    const id = t.insert('alpha');
    expect(t.table.values[id]).toBe(0);
    t.table.values[id] = 2.5;
    expect(t.find('alpha')).toBe(id);
    expect(t.find('alph')).toBe(-1);
    expect(t.find('alphaa')).toBe(-1);
    expect(t.table.values[t.find('alpha')]).toBe(2.5);
    expect(t.table.size).toBe(1);
  });

  it('keeps the empty key and non-ASCII keys, and decodes each name once until it leaves', () => {
    const t = new Keyed();
    // U+FEFF opening a name is part of it: `x` and `\uFEFFx` are two names, and read as two.
    const names = ['', 'café', 'cafe\u0301', '日本語', '🎉 launch', 'a\u0000b', '\uFEFFx', 'x'];
    const ids = names.map((n) => t.insert(n));
    expect(new Set(ids).size).toBe(names.length);
    names.forEach((n, i) => {
      expect(t.find(n)).toBe(ids[i]);
      expect(t.table.nameOf(ids[i])).toBe(n);
    });
    t.replace(ids[1], 'tea');
    expect(t.table.nameOf(ids[1])).toBe('tea');
    expect(t.find('café')).toBe(-1);
    expect(t.find('tea')).toBe(ids[1]);
  });

  it('keeps an id and its value when the key in it is replaced', () => {
    const t = new Keyed();
    const id = t.insert('old');
    t.table.values[id] = 41;
    t.replace(id, 'a much longer key than the old one');
    expect(t.find('a much longer key than the old one')).toBe(id);
    expect(t.table.values[id]).toBe(41);
    expect(t.table.size).toBe(1);
  });

  it('agrees with a Map under any sequence of inserts, replaces and removes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), key: fc.string({ unit: 'grapheme', maxLength: 6 }) }),
      fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), key: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600, size: 'max' }), (ops) => {
        const t = new Keyed();
        const model = new Map<string, number>();
        for (const o of ops) {
          const live = [...model.keys()];
          if (o.kind === 'insert') {
            if (model.has(o.key)) continue;
            model.set(o.key, t.insert(o.key));
          } else if (live.length > 0) {
            const victim = live[o.pick % live.length];
            const id = model.get(victim) as number;
            model.delete(victim);
            if (o.kind === 'remove') {
              t.table.remove(id);
            } else if (!model.has(o.key)) {
              t.replace(id, o.key);
              model.set(o.key, id);
            } else {
              t.table.remove(id);
            }
          }
          expect(t.table.size).toBe(model.size);
        }
        for (const [key, id] of model) {
          expect(t.find(key)).toBe(id);
          expect(t.table.nameOf(id)).toBe(key);
          expect(t.table.has(id)).toBe(true);
        }
        expect(t.find('\uffff not a generated key')).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it('tells keys apart by their bytes when their hashes collide, through removes too', () => {
    // Lookups filter on the low half of the hash only: equal halves must still compare bytes.
    const table = new ByteKeyTable();
    const buf = Buffer.from('abcdefabcdef');
    const keys: [number, number][] = [
      [0, 3],
      [3, 6],
      [1, 4],
      [0, 6],
      [6, 9],
      [0, 0],
    ];
    const ids = keys.map(([s, e]) => table.insert(buf, s, e, 12345, 0));
    keys.forEach(([s, e], k) => expect(table.find(buf, s, e, 12345)).toBe(k === 4 ? ids[0] : ids[k]));
    expect(table.find(buf, 0, 3, 54321)).toBe(-1);
    table.remove(ids[1]);
    expect(table.find(buf, 3, 6, 12345)).toBe(-1);
    expect([table.find(buf, 1, 4, 12345), table.find(buf, 0, 6, 12345)]).toEqual([ids[2], ids[3]]);
  });

  it('grows past its initial size and still finds every key after 50,000 inserts', () => {
    const t = new Keyed();
    for (let i = 0; i < 50_000; i++) t.table.values[t.insert(`key-${i}`)] = i;
    expect(t.table.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 7) expect(t.table.values[t.find(`key-${i}`)]).toBe(i);
    expect(t.find('key-50000')).toBe(-1);
  });

  it('keeps its arena bounded while a full table has its keys replaced a million times', () => {
    const t = new Keyed();
    const live = 1000;
    const ids: number[] = [];
    for (let i = 0; i < live; i++) ids.push(t.insert(`start-${i}`));
    const current = ids.map((_, i) => `start-${i}`);
    let peak = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const slot = (i * 7919) % live;
      const key = `r${i}-`.padEnd(1 + (i % 60), 'x'); // lengths 1..60, so rooms are outgrown often
      t.replace(ids[slot], key);
      current[slot] = key;
      peak = Math.max(peak, t.table.arenaBytes);
    }
    // Live keys take at most 1000 * 64 bytes of room; the arena keeps at most 2x that (rounded
    // to a power of two) in each half of its double buffer.
    expect(peak).toBeLessThanOrEqual(2 * 131_072);
    current.forEach((key, slot) => expect(t.find(key)).toBe(ids[slot]));
  });

  it('empties on clear() and gives back memory a big window made it take', () => {
    const t = new Keyed();
    for (let i = 0; i < 100_000; i++) t.insert(`big-window-key-${i}`);
    const big = t.table.arenaBytes;
    t.table.clear();
    expect(t.table.size).toBe(0);
    expect(t.find('big-window-key-1')).toBe(-1);
    for (let i = 0; i < 10; i++) t.insert(`small-${i}`);
    t.table.clear();
    expect(t.table.arenaBytes).toBeLessThan(big / 16);
    const id = t.insert('after');
    expect(t.find('after')).toBe(id);
    expect(t.table.values[id]).toBe(0);
  });
});

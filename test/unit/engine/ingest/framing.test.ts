import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineFramer, type LineSink } from '../../../../src-main/engine/ingest/framing';

type Item = { line: string } | { overlong: number };

/** Records what the framer delivers; copies lines since the framer's buffers are only valid during the call. */
class Recorder implements LineSink {
  items: Item[] = [];
  line(buf: Buffer, start: number, end: number): void {
    expect(end).toBeGreaterThan(start);
    this.items.push({ line: buf.toString('latin1', start, end) });
  }
  overlong(bytes: number): void {
    this.items.push({ overlong: bytes });
  }
}

/** The obvious reading of a whole stream, to compare the chunked framer against. */
function referenceSplit(stream: Buffer, max: number, finished: boolean): Item[] {
  const text = stream.toString('latin1');
  const parts = text.split('\n');
  const trailing = parts.pop() as string;
  if (finished && trailing !== '') parts.push(trailing);
  const items: Item[] = [];
  parts.forEach((raw, k) => {
    const hasNewline = k < parts.length - 1 || !finished || trailing === '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) return;
    if (line.length > max) items.push({ overlong: raw.length + (hasNewline ? 1 : 0) });
    else items.push({ line });
  });
  return items;
}

function frame(chunks: Buffer[], max: number, finish: 'end' | 'discard' | 'none' = 'end'): { items: Item[]; dropped: number } {
  const rec = new Recorder();
  const framer = new LineFramer(max, rec);
  for (const c of chunks) framer.push(c);
  let dropped = 0;
  if (finish === 'end') framer.end();
  else if (finish === 'discard') dropped = framer.discard();
  return { items: rec.items, dropped };
}

/** Cuts buf at the given offsets (any order, duplicates allowed: they make empty chunks). */
function cut(buf: Buffer, offsets: number[]): Buffer[] {
  const points = [...offsets.map((o) => o % (buf.length + 1))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(buf.subarray(prev, p));
    prev = p;
  }
  chunks.push(buf.subarray(prev));
  return chunks;
}

// Bytes from a small alphabet so that newlines, CRs, empty lines and split UTF-8 are frequent.
const streamByte = fc.constantFrom(10, 13, 32, 97, 98, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f);
const stream = fc.array(streamByte, { maxLength: 300 }).map((bytes) => Buffer.from(bytes));

describe('LineFramer', () => {
  it('delivers the same lines as a whole-stream split, whatever the chunking', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 40 }), (buf, offsets, max) => {
        expect(frame(cut(buf, offsets), max).items).toEqual(referenceSplit(buf, max, true));
      }),
      { numRuns: 2000 },
    );
  });

  it('delivers the same lines whatever the chunking when short and long lines alternate (byte loop and indexOf searches)', () => {
    const text = fc.array(fc.tuple(fc.integer({ min: 0, max: 90 }), fc.constantFrom('\n', '\r\n')), { maxLength: 30 });
    const mixed = text.map((lines) => Buffer.from(lines.map(([n, eol], i) => String.fromCharCode(97 + (i % 26)).repeat(n) + eol).join('')));
    fc.assert(
      fc.property(mixed, fc.array(fc.nat(), { maxLength: 10 }), fc.integer({ min: 1, max: 120 }), (buf, offsets, max) => {
        expect(frame(cut(buf, offsets), max).items).toEqual(referenceSplit(buf, max, true));
      }),
      { numRuns: 1000 },
    );
  });

  it('delivers the same lines before end() whatever the chunking, and discard() drops exactly the unterminated tail', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 40 }), (buf, offsets, max) => {
        const { items, dropped } = frame(cut(buf, offsets), max, 'discard');
        expect(items).toEqual(referenceSplit(buf, max, false));
        expect(dropped).toBe(buf.length - (buf.lastIndexOf(10) + 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('hands a stream over mid-line: save() on one framer and restore() on another deliver what one framer would, BOM included', () => {
    const withBom = fc.tuple(fc.boolean(), stream).map(([bom, b]) => (bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) : b));
    fc.assert(
      fc.property(withBom, fc.array(fc.nat(), { maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 40 }), (buf, offsets, at, max) => {
        const chunks = cut(buf, offsets);
        const handover = at % (chunks.length + 1);
        const rec = new Recorder();
        let framer = new LineFramer(max, rec);
        chunks.forEach((c, i) => {
          if (i === handover) {
            const next = new LineFramer(max, rec);
            next.restore(framer.save());
            framer = next;
          }
          framer.push(c);
        });
        framer.end();
        expect(rec.items).toEqual(frame(chunks, max).items);
      }),
      { numRuns: 1000 },
    );
  });

  it('delivers lines wholly inside a chunk as ranges of that chunk, without copying', () => {
    const chunk = Buffer.from('alpha\nbeta\r\ngamma\n');
    const seen: Array<[Buffer, number, number]> = [];
    const framer = new LineFramer(100, { line: (b, s, e) => seen.push([b, s, e]), overlong: () => {} });
    framer.push(chunk);
    expect(seen).toEqual([
      [chunk, 0, 5],
      [chunk, 6, 10],
      [chunk, 12, 17],
    ]);
  });

  it('drops the \\r of CRLF and keeps a \\r inside a line', () => {
    expect(frame([Buffer.from('a\r\nb\rc\r\n\r\n')], 100).items).toEqual([{ line: 'a' }, { line: 'b\rc' }]);
  });

  it('drops a \\r that ends one chunk when the next starts with the newline', () => {
    expect(frame([Buffer.from('abc\r'), Buffer.from('\ndef\n')], 100).items).toEqual([{ line: 'abc' }, { line: 'def' }]);
  });

  it('ignores empty lines', () => {
    expect(frame([Buffer.from('\n\n\r\nx\n\n')], 100).items).toEqual([{ line: 'x' }]);
  });

  it('reassembles a line split at every byte (1-byte chunks)', () => {
    const text = 'héllo wörld €\r\nsecond 😀 line\n';
    const buf = Buffer.from(text, 'utf8');
    const chunks = [...buf].map((b) => Buffer.from([b]));
    const rec = new Recorder();
    const framer = new LineFramer(1000, rec);
    for (const c of chunks) framer.push(c);
    expect(rec.items.map((i) => ('line' in i ? Buffer.from(i.line, 'latin1').toString('utf8') : i))).toEqual([
      'héllo wörld €',
      'second 😀 line',
    ]);
  });

  it('accepts a line of exactly the limit and skips one byte more, counting its newline and \\r', () => {
    expect(frame([Buffer.from('abcd\nabcde\nabcd\r\nabcde\r\n')], 4).items).toEqual([
      { line: 'abcd' },
      { overlong: 6 },
      { line: 'abcd' },
      { overlong: 7 },
    ]);
  });

  it('skips a 10 MB line once, with bufferedBytes never above the limit plus one chunk', () => {
    const max = 65536;
    const chunkSize = 64 * 1024;
    const rec = new Recorder();
    const framer = new LineFramer(max, rec);
    framer.push(Buffer.from('before\nstart-of-huge'));
    let pushed = 'start-of-huge'.length;
    const filler = Buffer.alloc(chunkSize, 0x78);
    let maxBuffered = 0;
    while (pushed < 10 * 1024 * 1024) {
      framer.push(filler);
      pushed += filler.length;
      maxBuffered = Math.max(maxBuffered, framer.bufferedBytes);
    }
    framer.push(Buffer.from('tail\nafter\n'));
    pushed += 'tail\n'.length;
    expect(maxBuffered).toBeLessThanOrEqual(max + chunkSize);
    expect(framer.bufferedBytes).toBe(0);
    expect(rec.items).toEqual([{ line: 'before' }, { overlong: pushed }, { line: 'after' }]);
  });

  it('holds an incomplete line in bufferedBytes until its newline arrives', () => {
    const rec = new Recorder();
    const framer = new LineFramer(100, rec);
    framer.push(Buffer.from('done\npart'));
    expect(framer.bufferedBytes).toBe(4);
    framer.push(Buffer.from('ial'));
    expect(framer.bufferedBytes).toBe(7);
    framer.push(Buffer.from('\n'));
    expect(framer.bufferedBytes).toBe(0);
    expect(rec.items).toEqual([{ line: 'done' }, { line: 'partial' }]);
  });

  it('delivers a trailing line without newline at end(), without its trailing \\r', () => {
    expect(frame([Buffer.from('a\nlast')], 100, 'end').items).toEqual([{ line: 'a' }, { line: 'last' }]);
    expect(frame([Buffer.from('a\nlast\r')], 100, 'end').items).toEqual([{ line: 'a' }, { line: 'last' }]);
    expect(frame([Buffer.from('a\n\r')], 100, 'end').items).toEqual([{ line: 'a' }]);
  });

  it('reports an overlong trailing line at end() with its length', () => {
    expect(frame([Buffer.from('ok\n0123456789')], 5, 'end').items).toEqual([{ line: 'ok' }, { overlong: 10 }]);
    expect(frame([Buffer.from('ok\n012'), Buffer.alloc(100, 0x61)], 5, 'end').items).toEqual([{ line: 'ok' }, { overlong: 103 }]);
  });

  it('drops the partial line at discard() and reports how many bytes it had', () => {
    const { items, dropped } = frame([Buffer.from('a\nparti'), Buffer.from('al')], 100, 'discard');
    expect(items).toEqual([{ line: 'a' }]);
    expect(dropped).toBe(7);
  });

  it('counts the bytes of a partial overlong line at discard() without reporting it', () => {
    const { items, dropped } = frame([Buffer.from('a\n'), Buffer.alloc(50, 0x61), Buffer.alloc(50, 0x62)], 10, 'discard');
    expect(items).toEqual([{ line: 'a' }]);
    expect(dropped).toBe(100);
  });

  it('starts clean after end() or discard()', () => {
    const rec = new Recorder();
    const framer = new LineFramer(10, rec);
    framer.push(Buffer.from('half'));
    framer.discard();
    framer.push(Buffer.from('next\n'));
    framer.push(Buffer.alloc(30, 0x61));
    framer.end();
    framer.push(Buffer.from('again\n'));
    expect(rec.items).toEqual([{ line: 'next' }, { overlong: 30 }, { line: 'again' }]);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('applies a changed maxLineBytes to lines not yet complete', () => {
    const rec = new Recorder();
    const framer = new LineFramer(100, rec);
    framer.push(Buffer.from('0123456789\n0123456'));
    framer.maxLineBytes = 5;
    framer.push(Buffer.from('789\nabcde\nabcdef\n'));
    framer.maxLineBytes = 8;
    framer.push(Buffer.from('abcdef\nabc'));
    framer.push(Buffer.from('defghij\n'));
    expect(rec.items).toEqual([
      { line: '0123456789' },
      { overlong: 11 },
      { line: 'abcde' },
      { overlong: 7 },
      { line: 'abcdef' },
      { overlong: 11 },
    ]);
  });

  it('reuses its carry buffer for later split lines', () => {
    const bufs = new Set<Buffer>();
    const framer = new LineFramer(1000, { line: (b) => bufs.add(b), overlong: () => {} });
    for (let k = 0; k < 10; k++) {
      framer.push(Buffer.from(`line-${k}-`));
      framer.push(Buffer.from('rest\n'));
    }
    expect(bufs.size).toBe(1);
  });
});

describe('a byte order mark at the start of the stream', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const body = Buffer.from('{"event":"x"}\nsignup\na:1|c\n');

  it('is dropped before the first line, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 6 }), (offsets) => {
        expect(frame(cut(Buffer.concat([BOM, body]), offsets), 100).items).toEqual([
          { line: '{"event":"x"}' },
          { line: 'signup' },
          { line: 'a:1|c' },
        ]);
      }),
    );
  });

  it('is dropped only at the start: later in the stream its bytes are data', () => {
    const later = Buffer.concat([Buffer.from('a\n'), BOM, Buffer.from('b\n')]);
    expect(frame([later], 100).items).toEqual([{ line: 'a' }, { line: Buffer.concat([BOM, Buffer.from('b')]).toString('latin1') }]);
  });

  it('gives back the bytes of a mark that does not complete, whether more comes or the stream ends', () => {
    for (const start of [BOM.subarray(0, 1), BOM.subarray(0, 2)]) {
      const bytes = Buffer.concat([start, Buffer.from('x\n')]);
      expect(frame(cut(bytes, [1]), 100).items).toEqual([{ line: bytes.subarray(0, -1).toString('latin1') }]);
      expect(frame([start], 100).items).toEqual([{ line: start.toString('latin1') }]);
    }
  });
});

describe('whole(): a chunk that is a stream by itself (a UDP datagram)', () => {
  /** Frames each chunk with whole() on one framer, as the UDP listener does with its datagrams. */
  function wholes(chunks: Buffer[], max: number): Item[] {
    const rec = new Recorder();
    const framer = new LineFramer(max, rec);
    for (const c of chunks) framer.whole(c);
    return rec.items;
  }

  it('delivers what push() then end() of each chunk would, one chunk after another', () => {
    fc.assert(
      fc.property(fc.array(stream, { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (chunks, max) => {
        expect(wholes(chunks, max)).toEqual(chunks.flatMap((c) => referenceSplit(c, max, true)));
      }),
      { numRuns: 1000 },
    );
  });

  it('delivers the last line, which has no newline, as a range of the chunk too (no copy)', () => {
    const chunk = Buffer.from('a:1|c\nb:2|c\r\nlast:3|c');
    const seen: Array<[Buffer, number, number]> = [];
    new LineFramer(100, { line: (b, s, e) => seen.push([b, s, e]), overlong: () => {} }).whole(chunk);
    expect(seen).toEqual([
      [chunk, 0, 5],
      [chunk, 6, 11],
      [chunk, 13, 21],
    ]);
  });

  it('reports an overlong last line with its length and holds nothing for the next chunk', () => {
    const rec = new Recorder();
    const framer = new LineFramer(5, rec);
    framer.whole(Buffer.from('ok\n0123456789'));
    expect(framer.bufferedBytes).toBe(0);
    framer.whole(Buffer.from('next'));
    expect(rec.items).toEqual([{ line: 'ok' }, { overlong: 10 }, { line: 'next' }]);
  });

  it('drops a byte order mark that opens any chunk, and gives back one that does not complete', () => {
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    const items = wholes([Buffer.concat([BOM, Buffer.from('a')]), Buffer.concat([BOM, Buffer.from('b\nc')]), BOM.subarray(0, 2), BOM], 100);
    expect(items).toEqual([{ line: 'a' }, { line: 'b' }, { line: 'c' }, { line: BOM.subarray(0, 2).toString('latin1') }]);
  });

  it('takes an empty chunk as nothing', () => {
    expect(wholes([Buffer.alloc(0), Buffer.from('\n'), Buffer.from('x')], 100)).toEqual([{ line: 'x' }]);
  });
});

// The binary form of window partials (DESIGN §9): partials of random streams (every line format,
// users, values, tags, gauges, rejects, cuts; within and past the exact limits; merged over shards)
// read back deep-equal, typed arrays and NaN gauges included; and bytes that are not such an
// encoding (truncated, a byte changed, another version, trailing bytes, garbage, hostile lengths)
// are refused with a PartialFormatError saying what and where, and with nothing else.
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../../../src-main/engine/window/partial-bytes';
import { decodePartial, encodePartial, PartialFormatError } from '../../../../src-main/engine/window/partial-codec';
import { emptyPartial, mergePartials, type WindowPartial } from '../../../../src-main/engine/window/partial';
import { feed, lineArb, mergeByTree, mergeTreeArb, streamArb, T0, type Op, type StreamShape } from '../../../support/partial-streams';

const SMALL: StreamShape = { names: 40, users: 300, tagKeys: 20, tagValues: 40, maxLagMs: 4000 };
const LARGE: StreamShape = { names: 60_000, users: 40_000, tagKeys: 20, tagValues: 60, maxLagMs: 0 };

const settingsArb = fc.record({
  window_seconds: fc.constantFrom(1, 2, 60),
  event_time: fc.boolean(),
  lateness_ms: fc.constantFrom(0, 1000),
});

/** Every window of a random stream, as one aggregator and as each shard closes it. */
const partialsArb = fc
  .integer({ min: 1, max: 3 })
  .chain((shards) => fc.tuple(fc.constant(shards), streamArb(SMALL, { maxOps: 300, seconds: 4, shards }), settingsArb, fc.boolean()))
  .map(([shards, ops, settings, cut]) => {
    const fed = feed(settings, ops, shards, cut);
    return [...fed.single, ...fed.shards.flat()];
  });

/** A few encodings to corrupt, made once: windows with names, users, values, tags and gauges. */
const SAMPLES: Uint8Array[] = fc
  .sample(partialsArb, { numRuns: 12, seed: 11 })
  .flat()
  .filter((p) => p.names.names.length > 0)
  .slice(0, 24)
  .map((p) => encodePartial(p));
const sampleArb = fc.nat(SAMPLES.length - 1).map((i) => SAMPLES[i]!);

/** The error decodePartial throws for `bytes` (failing the test if it does not throw). */
function refusal(bytes: Uint8Array): PartialFormatError {
  try {
    decodePartial(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(PartialFormatError);
    return e as PartialFormatError;
  }
  throw new Error(`${bytes.length} bytes were not refused`);
}

/** Magic, version, body length, body and a CRC that matches: bytes that pass the frame checks, for the body's. */
function framed(body: Uint8Array, version = 1): Uint8Array {
  const w = new ByteWriter(64);
  w.bytes(Buffer.from('TLWP'));
  w.u8(version);
  w.varint(body.length);
  w.bytes(body);
  w.bytes(new Uint8Array(4));
  const out = new Uint8Array(w.written());
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

/** The body of an encoding (between header and CRC). */
function bodyOf(bytes: Uint8Array): Uint8Array {
  const r = new ByteReader(bytes, 5, bytes.length);
  const length = r.varint('length');
  return bytes.slice(r.pos, r.pos + length);
}

describe('encodePartial / decodePartial read back what was written', () => {
  it('every window of random streams, one aggregator and shards, deep-equal (typed arrays, NaN gauges)', () => {
    fc.assert(
      fc.property(partialsArb, (partials) => {
        for (const p of partials) expect(decodePartial(encodePartial(p))).toEqual(p);
      }),
      { numRuns: 150 },
    );
  });

  it('merged partials of shards', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((shards) => fc.tuple(fc.constant(shards), streamArb(SMALL, { maxOps: 400, seconds: 5, shards }), mergeTreeArb(shards))),
        ([shards, ops, tree]) => {
          const fed = feed({ window_seconds: 60 }, ops, shards, false);
          const merged = mergeByTree(
            fed.shards.map((s) => s[0]!),
            tree,
            mergePartials,
          );
          expect(decodePartial(encodePartial(merged))).toEqual(merged);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('past the exact limits (>10,000 names and users: HLL registers, Space-Saving errors, sketches), and merged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.nat(), fc.integer({ min: 14_000, max: 18_000 }), (shards, seed, n) => {
        // Random lines pass 10,000 names; one set of 11,000 users passes 10,000 users (and 128 for its event).
        const users = Array.from({ length: 11_000 }, (_, i) => `visitors:u${i}|s`);
        const lines = [...fc.sample(lineArb(LARGE), { numRuns: n, seed }), ...users];
        const ops: Op[] = lines.map((text, i) => ({ kind: 'line', text, at: T0 + i, shard: (i * 7 + seed) % shards }));
        const fed = feed({ window_seconds: 60 }, ops, shards, false);
        const single = fed.single[0]!;
        expect(single.names.exact).toBe(false);
        expect(single.users.registers).not.toBeNull();
        const details = [...single.details!, single.other];
        expect(details.some((d) => d?.values?.sketch)).toBe(true);
        expect(details.some((d) => d?.users?.registers)).toBe(true);
        expect(decodePartial(encodePartial(single))).toEqual(single);
        const merged = fed.shards.map((s) => s[0]!).reduce(mergePartials);
        expect(decodePartial(encodePartial(merged))).toEqual(merged);
      }),
      { numRuns: 2 },
    );
  });

  it('with details: false, details and other decode as null and every other field is the same', () => {
    fc.assert(
      fc.property(partialsArb, (partials) => {
        for (const p of partials) {
          const lean = encodePartial(p, { details: false });
          expect(decodePartial(lean)).toEqual({ ...p, details: null, other: null });
          if (p.details!.some((d) => d !== null)) expect(lean.length).toBeLessThan(encodePartial(p).length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('numbers of every kind: fractional and huge counts, NaN, ±Infinity, -0', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), fc.array(fc.double({ min: 0, noNaN: true, max: Number.MAX_VALUE })), (numbers, counts) => {
        const w = new ByteWriter(8);
        for (const x of numbers) w.number(x);
        for (const c of counts) w.count(c);
        const bytes = w.written();
        const r = new ByteReader(bytes, 0, bytes.length);
        for (const x of numbers) expect(Object.is(r.number('x'), x)).toBe(true);
        for (const c of counts) expect(Object.is(r.count('c'), c)).toBe(true);
        expect(r.pos).toBe(bytes.length);
      }),
    );
    const p: WindowPartial = { ...emptyPartial(T0, T0 + 1500, 60_000), events: 2.5, bytes: 2 ** 60, per_second: Float64Array.of(0.5, 2) };
    p.details = [{ users: null, values: null, gauge: -0, gauge_at: NaN, tags: null }];
    p.names = { ...p.names, names: ['é ∑ 🙂'], counts: Float64Array.of(2.5) };
    expect(decodePartial(encodePartial(p))).toEqual(p);
    expect(Object.is(decodePartial(encodePartial(p)).details![0]!.gauge, -0)).toBe(true);
  });
});

describe('decodePartial refuses what is not a partial it reads', () => {
  it('every truncation of a valid encoding', () => {
    fc.assert(
      fc.property(sampleArb, (bytes) => {
        for (let n = 0; n < bytes.length; n++) expect(refusal(bytes.subarray(0, n)).message).toMatch(/^truncated/);
      }),
      { numRuns: 10 },
    );
  });

  it('any single byte changed', () => {
    fc.assert(
      fc.property(sampleArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        const bad = bytes.slice();
        bad[at % bad.length]! ^= xor;
        refusal(bad);
      }),
      { numRuns: 2000 },
    );
  });

  it('another version, naming both', () => {
    fc.assert(
      fc.property(sampleArb, fc.integer({ min: 0, max: 255 }), (bytes, version) => {
        fc.pre(version !== 1);
        const other = bytes.slice();
        other[4] = version;
        const e = refusal(other);
        expect(e.message).toBe(`partial format version ${version}, this Tallyline reads version 1 (at byte 4)`);
        expect(e.offset).toBe(4);
      }),
    );
  });

  it('trailing bytes, and bad magic', () => {
    fc.assert(
      fc.property(sampleArb, fc.uint8Array({ minLength: 1, maxLength: 20 }), (bytes, extra) => {
        expect(refusal(Buffer.concat([bytes, extra])).message).toMatch(/^\d+ trailing bytes after the partial/);
      }),
    );
    expect(refusal(Buffer.from('{"start_ms":0}')).message).toMatch(/^bad magic: 0x7b227374, not "TLWP"/);
    expect(refusal(new Uint8Array(0)).message).toMatch(/^truncated/);
  });

  it('garbage, framed garbage and re-signed corruption throw only PartialFormatError', () => {
    const decodesOrRefuses = (bytes: Uint8Array) => {
      try {
        decodePartial(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(PartialFormatError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), decodesOrRefuses), { numRuns: 2000 });
    // Past the frame checks, so that the body's own checks are what stands.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => decodesOrRefuses(framed(body))),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        sampleArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        (bytes, flips) => {
          const body = bodyOf(bytes);
          for (const [at, xor] of flips) body[at % body.length]! ^= xor;
          decodesOrRefuses(framed(body));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('a hostile length, before allocating for it', () => {
    // A valid start of a body, then 2^50 per-second counts.
    const w = new ByteWriter(64);
    for (const x of [T0, T0 + 1000]) w.number(x);
    w.count(60_000);
    w.u8(0);
    for (let i = 0; i < 3; i++) w.count(0);
    w.varint(0);
    w.count(0);
    w.varint(2 ** 50);
    const e = refusal(framed(w.written()));
    expect(e.message).toMatch(/^per-second counts: 1125899906842624 would run past the end \(0 bytes left\)/);
  });

  it('values out of range: a negative count, an unknown reject reason, names out of order, a register past its rank', () => {
    const base = emptyPartial(T0, T0 + 2000, 60_000);
    const body = (p: WindowPartial) => bodyOf(encodePartial(p));
    // events is the 4th field: start, end (varints of T0 here), window, flags.
    const negative = new ByteWriter(64);
    for (const x of [T0, T0 + 2000]) negative.number(x);
    negative.count(60_000);
    negative.u8(4);
    negative.count(-1);
    expect(refusal(framed(negative.written())).message).toMatch(/^events: -1 is not a count/);

    const reasons = body({ ...base, rejected: 3, rejected_by_reason: { future: 3 } });
    // events 0, bytes 0, rejected 3 (counts as n + 1), 1 reason: number 10 (future), 3.
    const at = Buffer.from(reasons).indexOf(Buffer.from([1, 1, 4, 1, 10, 4])) + 4;
    reasons[at] = 200;
    expect(refusal(framed(reasons)).message).toMatch(/^unknown reject reason number 200/);

    const names = { ...base.names, names: ['b', 'a'], counts: Float64Array.of(1, 1) };
    expect(() => encodePartial({ ...base, names, details: [null, null] })).not.toThrow();
    expect(refusal(encodePartial({ ...base, names, details: [null, null] })).message).toMatch(/^name 1 is not after name 0/);

    const registers = new Uint8Array(1 << 14);
    const hll = body({ ...base, users: { keys: null, registers } });
    // The users' key set: the registers form (1), precision 14, the registers.
    hll[Buffer.from(hll).indexOf(Buffer.from([1, 14, 0, 0, 0, 0])) + 2 + 5] = 60;
    expect(refusal(framed(hll)).message).toMatch(/^users: register 5 holds rank 60, above 51/);
  });
});

// The binary form of a window partial (DESIGN §9), for the cluster and for anything that stores
// or ships partials: compact and versioned. Layout:
//
//   "TLWP" (4 bytes)  version (1 byte, 1)  body length (varint)  body  CRC-32 (4 bytes, LE)
//
// the CRC over every byte before it, so that a changed byte is refused rather than read as another
// count. The body: the window fields (start, end, size, a flags byte, events, bytes, rejected and
// by reason, late, the per-second counts, connections), the users (a key set), the names, and
// unless left out the per-event details of each name in order, then those of `(other)`. Whole
// numbers as LEB128 varints, other numbers as float64 (little-endian), strings as UTF-8 with a
// length, HyperLogLog registers as raw bytes, DDSketch bins as (key, weight) pairs; the number
// forms are in partial-bytes.ts, the sketch sections in partial-sketch-codec.ts and
// partial-detail-codec.ts. A decoder refuses anything it does not fully understand with a
// PartialFormatError saying what and where, and checks every length against the bytes left
// before allocating for it. A reader of a later version refuses version 1's bytes no less
// clearly: a change of layout is a new version.
import { crc32 } from 'node:zlib';
import type { RejectReason } from '../../../src-shared/types';
import { ByteReader, ByteWriter, PartialFormatError } from './partial-bytes';
import { readDetail, writeDetail } from './partial-detail-codec';
import { readKeySet, readNames, writeKeySet, writeNames } from './partial-sketch-codec';
import type { EventDetail, WindowPartial } from './partial';

export { PartialFormatError } from './partial-bytes';

/** The version this Tallyline writes and the only one it reads. */
export const PARTIAL_FORMAT_VERSION = 1;
const MAGIC = [0x54, 0x4c, 0x57, 0x50]; // "TLWP"
/** Room left before the body for magic, version and the body length's varint (at most 8 bytes). */
const HEADER_ROOM = 16;
const CRC_BYTES = 4;

/** Reject reasons by their number in the format: a number once given keeps its reason (a Record, so a new reason without one fails to compile). */
const REASON_NUMBER: Record<RejectReason, number> = {
  line_too_long: 0,
  name_too_long: 1,
  empty_name: 2,
  invalid_json: 3,
  missing_event: 4,
  invalid_field: 5,
  invalid_statsd_value: 6,
  invalid_statsd_type: 7,
  invalid_statsd_rate: 8,
  invalid_utf8: 9,
  future: 10,
};
const REASONS: RejectReason[] = [];
for (const [reason, n] of Object.entries(REASON_NUMBER)) REASONS[n] = reason as RejectReason;

const PARTIAL = 1;
const CONNECTIONS_SEEN = 2;
const DETAILS = 4;
const FLAGS = PARTIAL | CONNECTIONS_SEEN | DETAILS;

export interface EncodeOptions {
  /** Per-event details (users, values, gauge, tags of every kept name, and of `(other)`). Default true; false for cheap live snapshots. */
  details?: boolean;
}

/**
 * The partial as bytes; with `details: false` the per-event details are left out (decoded as
 * `details: null, other: null`). Throws a RangeError for a partial that breaks its own invariants
 * (details not one a name, names without their counts, a lone surrogate in a string): bytes that would not
 * read back as the same partial are never written.
 */
export function encodePartial(p: WindowPartial, opts: EncodeOptions = {}): Uint8Array {
  const details = opts.details !== false && p.details !== null ? p.details : null;
  if (details !== null && details.length !== p.names.names.length) {
    throw new RangeError(`${details.length} details for ${p.names.names.length} names`);
  }
  const w = new ByteWriter(HEADER_ROOM + 256 + 16 * p.names.names.length, HEADER_ROOM);
  w.number(p.start_ms);
  w.number(p.end_ms);
  w.count(p.window_ms);
  w.u8((p.partial ? PARTIAL : 0) | (p.connections_seen ? CONNECTIONS_SEEN : 0) | (details !== null ? DETAILS : 0));
  w.count(p.events);
  w.count(p.bytes);
  w.count(p.rejected);
  const reasons = Object.entries(p.rejected_by_reason).filter(([, n]) => n !== undefined) as [string, number][];
  w.varint(reasons.length);
  for (const [reason, n] of reasons) {
    if (!Object.hasOwn(REASON_NUMBER, reason)) throw new RangeError(`no reject reason ${reason}`);
    w.u8(REASON_NUMBER[reason as RejectReason]);
    w.count(n);
  }
  w.count(p.late);
  w.varint(p.per_second.length);
  for (let i = 0; i < p.per_second.length; i++) w.count(p.per_second[i]!);
  w.count(p.connections_peak);
  w.varint(p.users_limit);
  writeKeySet(w, p.users);
  writeNames(w, p.names);
  if (details !== null) {
    for (let i = 0; i < details.length; i++) writeDetail(w, details[i]!);
    writeDetail(w, p.other);
  }
  return seal(w);
}

/** Magic, version and body length before the body, the CRC after it: the whole encoding, in a buffer of its own. */
function seal(w: ByteWriter): Uint8Array {
  const body = w.written(HEADER_ROOM);
  const head = new ByteWriter(16);
  for (const b of MAGIC) head.u8(b);
  head.u8(PARTIAL_FORMAT_VERSION);
  head.varint(body.length);
  const header = head.written();
  const out = new Uint8Array(header.length + body.length + CRC_BYTES);
  out.set(header, 0);
  out.set(body, header.length);
  const end = out.length - CRC_BYTES;
  new DataView(out.buffer).setUint32(end, crc32(out.subarray(0, end)), true);
  return out;
}

/**
 * The partial `bytes` hold. Throws a PartialFormatError (and nothing else) for bad magic, another
 * version, truncation, trailing bytes, a checksum that does not match, or a value out of range.
 */
export function decodePartial(bytes: Uint8Array): WindowPartial {
  if (!(bytes instanceof Uint8Array)) throw new PartialFormatError('not bytes: a partial decodes from a Uint8Array', 0);
  let r: ByteReader | null = null;
  try {
    const { start, end } = checkFrame(bytes);
    r = new ByteReader(bytes, start, end);
    const p = readBody(r);
    if (r.pos !== end) r.fail(`${end - r.pos} bytes left unread at the end of the body`);
    return p;
  } catch (e) {
    if (e instanceof PartialFormatError) throw e;
    // Not reached by any input the tests could find; should a check be missing, the caller still gets the one error it handles.
    throw new PartialFormatError(`unreadable partial: ${(e as Error).message}`, r?.pos ?? 0);
  }
}

/** Checks magic, version, length and CRC; the body's [start, end). */
function checkFrame(bytes: Uint8Array): { start: number; end: number } {
  for (let i = 0; i < MAGIC.length; i++) {
    if (i >= bytes.length) throw new PartialFormatError(`truncated: ${bytes.length} bytes, not even the magic "TLWP"`, bytes.length);
    if (bytes[i] !== MAGIC[i]) {
      const seen = Buffer.from(bytes.subarray(0, MAGIC.length)).toString('hex');
      throw new PartialFormatError(`bad magic: 0x${seen}, not "TLWP" (this is not a Tallyline window partial)`, i);
    }
  }
  const head = new ByteReader(bytes, MAGIC.length, bytes.length);
  const version = head.u8('the format version');
  if (version !== PARTIAL_FORMAT_VERSION) {
    head.fail(`partial format version ${version}, this Tallyline reads version ${PARTIAL_FORMAT_VERSION}`, MAGIC.length);
  }
  const length = head.varint('the body length');
  const start = head.pos;
  const total = start + length + CRC_BYTES;
  if (bytes.length < total) head.fail(`truncated: ${bytes.length} bytes of a ${total}-byte partial`, bytes.length);
  if (bytes.length > total) head.fail(`${bytes.length - total} trailing bytes after the partial`, total);
  const end = start + length;
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(end, true);
  const computed = crc32(bytes.subarray(0, end));
  if (stored !== computed) {
    head.fail(`checksum mismatch: stored CRC-32 ${hex32(stored)}, the bytes give ${hex32(computed)} (corrupted)`, end);
  }
  return { start, end };
}

const hex32 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

function readBody(r: ByteReader): WindowPartial {
  const start = r.number('start_ms');
  const endAt = r.pos;
  const end = r.number('end_ms');
  if (!(end >= start)) r.fail(`end_ms ${end} is before start_ms ${start}`, endAt);
  const windowMs = r.count('window_ms');
  const flagsAt = r.pos;
  const flags = r.u8('window flags');
  if ((flags & ~FLAGS) !== 0) r.fail(`unknown window flags ${flags}`, flagsAt);
  const events = r.count('events');
  const bytes = r.count('bytes');
  const rejected = r.count('rejected');
  const byReason: Partial<Record<RejectReason, number>> = {};
  const nReasons = r.length('reject reasons', 2, REASONS.length);
  for (let i = 0; i < nReasons; i++) {
    const at = r.pos;
    const number = r.u8('reject reason');
    const reason = REASONS[number];
    if (reason === undefined) r.fail(`unknown reject reason number ${number} (version 1 knows 0 to ${REASONS.length - 1})`, at);
    if (byReason[reason] !== undefined) r.fail(`reject reason ${reason} twice`, at);
    byReason[reason] = r.count(`rejected for ${reason}`);
  }
  const late = r.count('late');
  const seconds = r.length('per-second counts', 1);
  const perSecond = new Float64Array(seconds);
  for (let i = 0; i < seconds; i++) perSecond[i] = r.count('a per-second count');
  const connectionsPeak = r.count('connections_peak');
  const usersLimit = r.varint('users_limit');
  const users = readKeySet(r, 'users', usersLimit);
  const names = readNames(r);
  let details: (EventDetail | null)[] | null = null;
  let other: EventDetail | null = null;
  if (flags & DETAILS) {
    const n = names.names.length;
    if (n > r.remaining) r.fail(`details of ${n} names would run past the end (${r.remaining} bytes left)`);
    details = new Array<EventDetail | null>(n);
    for (let i = 0; i < n; i++) details[i] = readDetail(r, 'event detail');
    other = readDetail(r, '(other) detail');
  }
  return {
    start_ms: start,
    end_ms: end,
    window_ms: windowMs,
    partial: (flags & PARTIAL) !== 0,
    events,
    bytes,
    rejected,
    rejected_by_reason: byReason,
    late,
    per_second: perSecond,
    connections_peak: connectionsPeak,
    connections_seen: (flags & CONNECTIONS_SEEN) !== 0,
    names,
    users,
    users_limit: usersLimit,
    details,
    other,
  };
}

// The binary form of a window partial (DESIGN §9), for the cluster and for anything that stores
// or ships partials: compact and versioned. Layout, after a 4-byte magic and a version byte: the
// window fields, then the names, users and (unless left out) per-event details; whole numbers as
// LEB128 varints, other numbers as float64 (little-endian), strings as UTF-8 with a length,
// HyperLogLog registers as raw bytes, DDSketch bins as (key, weight) pairs. A decoder refuses
// anything it does not fully understand with a PartialFormatError saying what and where.
import type { WindowPartial } from './partial';

/** What decodePartial throws for bytes that are not a partial it can read: the message says what is wrong and at which byte. */
export class PartialFormatError extends Error {
  /** The byte offset where reading failed. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'PartialFormatError';
    this.offset = offset;
  }
}

export interface EncodeOptions {
  /** Per-event details (users, values, gauge, tags of every kept name, and of `(other)`). Default true; false for cheap live snapshots. */
  details?: boolean;
}

/** The partial as bytes; with `details: false` the per-event details are left out (decoded as `details: null, other: null`). */
export function encodePartial(_p: WindowPartial, _opts: EncodeOptions = {}): Uint8Array {
  throw new Error('encodePartial: not implemented yet');
}

/** The partial `bytes` hold; throws a PartialFormatError for bad magic, an unknown version, truncation, trailing bytes or a value out of range. */
export function decodePartial(_bytes: Uint8Array): WindowPartial {
  throw new PartialFormatError('decodePartial: not implemented yet', 0);
}

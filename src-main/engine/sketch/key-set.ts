// The exported state of an exact-then-estimate distinct counter (DistinctCounter, SmallDistinct),
// and its merge. While exact, the state is the set of the keys' hashes, as whole numbers below
// 2^53 in a Float64Array (a typed array clones and encodes cheaply, and sorts natively); past the
// counter's limit it is the HyperLogLog's registers. Merging is a set union until the union passes
// the limit, then the union's HLL: the registers a single counter fed every key would hold, since
// an HLL keeps only the highest rank per register and the keys carry the hash bits that decide it.
import { HyperLogLog } from './hll';

export interface KeySetState {
  /** While exact: the keys' hashes (see the owner's keyOf), ascending, no repeats; null once estimated. */
  keys: Float64Array | null;
  /** Once estimated: the HyperLogLog's registers (2^precision bytes); null while exact. */
  registers: Uint8Array | null;
}

/** How a key set's owner counts: its exact limit, HLL precision, and how a key goes into an HLL. */
export interface KeySetKind {
  limit: number;
  precision: number;
  addKey(hll: HyperLogLog, key: number): void;
}

export const EMPTY_KEYS = new Float64Array(0);

/** The state of nothing counted. */
export function emptyKeySet(): KeySetState {
  return { keys: EMPTY_KEYS, registers: null };
}

/** The number of distinct keys: exact while exact, else the HLL estimate rounded (as the counters report it). */
export function keySetCount(s: KeySetState): number {
  return s.keys !== null ? s.keys.length : Math.round(HyperLogLog.fromRegisters(s.registers as Uint8Array).estimate());
}

/** The union of two key sets, as one counter of this kind would hold it. Pure: the inputs are not changed. */
export function mergeKeySets(a: KeySetState, b: KeySetState, kind: KeySetKind): KeySetState {
  if (a.keys !== null && b.keys !== null) {
    const keys = unionSorted(a.keys, b.keys);
    if (keys.length <= kind.limit) return { keys, registers: null };
    return { keys: null, registers: registersOf(null, keys, kind) };
  }
  if (a.keys === null && b.keys === null) {
    const hll = HyperLogLog.fromRegisters(a.registers as Uint8Array);
    hll.merge(HyperLogLog.fromRegisters(b.registers as Uint8Array));
    return { keys: null, registers: hll.exportRegisters() };
  }
  const [estimated, exact] = a.keys === null ? [a, b] : [b, a];
  return { keys: null, registers: registersOf(estimated.registers, exact.keys as Float64Array, kind) };
}

/** Registers of `registers` (or of nothing) with `keys` added. */
function registersOf(registers: Uint8Array | null, keys: Float64Array, kind: KeySetKind): Uint8Array {
  const hll = registers !== null ? HyperLogLog.fromRegisters(registers) : new HyperLogLog(kind.precision);
  for (let i = 0; i < keys.length; i++) kind.addKey(hll, keys[i]!);
  return hll.exportRegisters();
}

/** The sorted union of two ascending arrays without repeats. */
export function unionSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return n === out.length ? out : out.slice(0, n);
}

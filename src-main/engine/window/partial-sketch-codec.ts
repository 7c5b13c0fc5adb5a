// The sections of the partial codec (partial-codec.ts) that hold name and key sketches: key sets
// (exact hashes or HyperLogLog registers), the registers themselves, and the names' counters.
// Each writeX has a readX that reads back the same value or refuses with a PartialFormatError.
//
// Key set: a tag byte, then while exact the count of keys and the keys ascending as varint gaps
// (the first key, then each key less the one before, less 1: so no two alike and always ascending,
// and about 6 bytes a 53-bit hash rather than 8); once estimated, the registers.
// Registers: the precision p (a byte, 4 to 18), then the 2^p registers as raw bytes.
// Names: exact limit, capacity, an exact byte, the names (UTF-8, code-unit order), their counts,
// and once estimated their errors and the HyperLogLog of every name; then the floor.
import { MAX_PRECISION, MIN_PRECISION } from '../sketch/hll';
import type { KeySetState } from '../sketch/key-set';
import type { NameCountsState } from '../sketch/name-counts';
import type { ByteReader, ByteWriter } from './partial-bytes';

const KEYS = 0;

/** The labels of a key set's fields in messages, made once per section name (not once per event). */
const LABELS = new Map<string, { count: string; key: string; precision: string; registers: string }>();
function labelsOf(what: string) {
  let labels = LABELS.get(what);
  if (labels === undefined) {
    labels = { count: `${what} key count`, key: `${what} key`, precision: `${what} precision`, registers: `${what} registers` };
    LABELS.set(what, labels);
  }
  return labels;
}
const REGISTERS = 1;

export function writeKeySet(w: ByteWriter, s: KeySetState): void {
  if (s.keys !== null) {
    const keys = s.keys;
    w.u8(KEYS);
    w.varint(keys.length);
    let next = 0;
    for (let i = 0; i < keys.length; i++) {
      // varint() refuses a negative gap: keys out of order or repeated are not a key set.
      w.varint(keys[i]! - next);
      next = keys[i]! + 1;
    }
    return;
  }
  if (s.registers === null) throw new RangeError('a key set with neither keys nor registers');
  w.u8(REGISTERS);
  writeRegisters(w, s.registers);
}

/** `limit`: the most keys its owner holds exactly (more would have been registers). */
export function readKeySet(r: ByteReader, what: string, limit: number): KeySetState {
  const at = r.pos;
  const tag = r.u8(what);
  if (tag === REGISTERS) return { keys: null, registers: readRegisters(r, what) };
  if (tag !== KEYS) r.fail(`${what}: unknown key set form ${tag}`, at);
  const n = r.length(labelsOf(what).count, 1, limit);
  const keys = new Float64Array(n);
  const labels = labelsOf(what);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const key = next + r.varint(labels.key);
    if (key > Number.MAX_SAFE_INTEGER) r.fail(`${what}: key ${key} is past 2^53`);
    keys[i] = key;
    next = key + 1;
  }
  return { keys, registers: null };
}

export function writeRegisters(w: ByteWriter, registers: Uint8Array): void {
  const precision = Math.log2(registers.length);
  if (!Number.isInteger(precision) || precision < MIN_PRECISION || precision > MAX_PRECISION) {
    throw new RangeError(`HyperLogLog registers: ${registers.length} is not 2^${MIN_PRECISION} to 2^${MAX_PRECISION}`);
  }
  w.u8(precision);
  w.bytes(registers);
}

export function readRegisters(r: ByteReader, what: string): Uint8Array {
  const at = r.pos;
  const precision = r.u8(labelsOf(what).precision);
  if (precision < MIN_PRECISION || precision > MAX_PRECISION) {
    r.fail(`${what}: HyperLogLog precision ${precision} is not ${MIN_PRECISION} to ${MAX_PRECISION}`, at);
  }
  const start = r.pos;
  const registers = r.bytes(1 << precision, labelsOf(what).registers);
  // An HLL over 64-bit hashes holds ranks up to 64 − p + 1 (see hll.ts): more is no register's.
  const maxRank = 64 - precision + 1;
  for (let i = 0; i < registers.length; i++) {
    if (registers[i]! > maxRank) r.fail(`${what}: register ${i} holds rank ${registers[i]}, above ${maxRank}`, start + i);
  }
  return registers;
}

export function writeNames(w: ByteWriter, s: NameCountsState): void {
  w.varint(s.exact_limit);
  w.varint(s.capacity);
  w.u8(s.exact ? 1 : 0);
  if (s.exact !== (s.errors === null) || s.exact !== (s.registers === null)) {
    throw new RangeError('names: errors and registers go with estimates, and only with them');
  }
  const n = s.names.length;
  if (s.counts.length !== n || (s.errors !== null && s.errors.length !== n)) throw new RangeError('names: counts and errors go one a name');
  w.varint(n);
  for (let i = 0; i < n; i++) w.string(s.names[i]!);
  const counts = s.counts;
  for (let i = 0; i < n; i++) w.count(counts[i]!);
  if (s.errors !== null) {
    const errors = s.errors;
    for (let i = 0; i < n; i++) w.count(errors[i]!);
    writeRegisters(w, s.registers as Uint8Array);
  }
  w.count(s.floor);
}

export function readNames(r: ByteReader): NameCountsState {
  const exactLimit = r.varint('names exact limit');
  const capacity = r.varint('names capacity');
  if (capacity < 1) r.fail('names capacity: 0 counters');
  const at = r.pos;
  const flag = r.u8('names exact flag');
  if (flag > 1) r.fail(`names exact flag: ${flag} is not 0 or 1`, at);
  const exact = flag === 1;
  // Each name takes at least 2 bytes (a length and a count); no more than the counters it ran with.
  const n = r.length('name count', 2, exact ? exactLimit : capacity);
  const names = new Array<string>(n);
  let previous = '';
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    const name = r.string('name');
    if (i > 0 && !(previous < name)) r.fail(`name ${i} is not after name ${i - 1} in code-unit order`, start);
    names[i] = previous = name;
  }
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) counts[i] = r.count('name count');
  let errors: Float64Array | null = null;
  let registers: Uint8Array | null = null;
  if (!exact) {
    errors = new Float64Array(n);
    for (let i = 0; i < n; i++) errors[i] = r.count('name error');
    registers = readRegisters(r, 'names');
  }
  const floor = r.count('names floor');
  return { exact_limit: exactLimit, capacity, exact, names, counts, errors, floor, registers };
}

// A NameCounts as plain data (a window partial's names), and the one order of names every list of a
// window keeps (UTF-16 code units, not locale).
import { DEFAULT_EXACT_LIMIT } from './distinct';

/** Counters kept past the exact limit when not set: max(exactLimit, this). */
export const DEFAULT_CAPACITY = 10_000;

/** The whole state of a NameCounts, as plain data (a window partial's names). */
export interface NameCountsState {
  /** The limits it ran with (see NameCountsOptions): states of other limits do not merge. */
  exact_limit: number;
  capacity: number;
  /** true while every name is kept with its exact count. */
  exact: boolean;
  /** The kept names, in code-unit order. */
  names: string[];
  /** Each kept name's count: exact while `exact`, else an upper bound (Space-Saving). */
  counts: Float64Array;
  /** Once estimated: what each count may over-state (count − error occurrences are sure); null while exact. */
  errors: Float64Array | null;
  /** The most any name not kept can have occurred: 0 while no name was dropped. */
  floor: number;
  /** Once estimated: the HyperLogLog of every name seen; null while exact. */
  registers: Uint8Array | null;
}

/** The state of a NameCounts with default options and nothing counted. */
export function emptyNameCounts(): NameCountsState {
  return {
    exact_limit: DEFAULT_EXACT_LIMIT,
    capacity: Math.max(DEFAULT_EXACT_LIMIT, DEFAULT_CAPACITY),
    exact: true,
    names: [],
    counts: new Float64Array(0),
    errors: null,
    floor: 0,
    registers: null,
  };
}

/** Orders strings by UTF-16 code units, as every name list of a window does (not by locale). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Ticks of a time axis drawn on chart.js's linear scale (epoch ms), so the page needs no date adapter:
// a step from a list of round ones, ticks on round wall-clock times of the page's zone, and labels
// of HH:MM or HH:MM:SS as the step needs, with the date where a new day begins. Plain, so unit
// tests run it in Node.
import { zoneOffsetMinutes } from '../../../../src-shared/time-zones';
import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { clockInZone, dayNumberInZone, monthDayInZone } from '../format/zone-time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a time axis may take, smallest first: round numbers a reader adds up at a glance. */
export const TIME_STEPS: readonly number[] = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** Fewest ticks an axis aims for, however narrow: two labels say little about a span. */
const MIN_TICKS = 3;

/**
 * The smallest step of TIME_STEPS that puts at most `maxTicks` ticks (at least MIN_TICKS) on a
 * span of `spanMs`; past the list, whole weeks.
 */
export function chooseTimeStep(spanMs: number, maxTicks: number): number {
  const limit = Math.max(MIN_TICKS, Math.floor(maxTicks));
  const span = Math.max(0, spanMs);
  for (const step of TIME_STEPS) if (Math.floor(span / step) + 1 <= limit) return step;
  return Math.ceil(span / (limit - 1) / (7 * DAY)) * 7 * DAY;
}

/** Ticks that fit a plot `widthPx` wide, one per this many pixels at most (a label is about 50 px). */
export function maxTicksForWidth(widthPx: number, pxPerTick = 75): number {
  return Math.max(MIN_TICKS, Math.floor(widthPx / pxPerTick));
}

export interface TimeTick {
  /** Epoch ms. */
  value: number;
  label: string;
}

export interface TimeAxis {
  /** Time between two ticks, ms. */
  step: number;
  ticks: TimeTick[];
}

/** The instant `zone`'s wall clock reads `wallMs` (wall time written as if UTC), near `nearMs`. */
function instantOfWall(wallMs: number, zone: TimeZoneName, nearMs: number): number {
  // Twice: the first guess may sit across a daylight-saving change from the answer.
  const guess = wallMs - zoneOffsetMinutes(nearMs, zone) * MINUTE;
  return wallMs - zoneOffsetMinutes(guess, zone) * MINUTE;
}

/** A tick's label: the clock (seconds when the step is under a minute), the day ("06-02") where a new one begins. */
export function timeTickLabel(ms: number, previousMs: number | null, step: number, zone: TimeZoneName): string {
  if (step >= DAY) return monthDayInZone(ms, zone);
  const clock = clockInZone(ms, zone, step < MINUTE);
  const newDay = previousMs !== null && dayNumberInZone(ms, zone) !== dayNumberInZone(previousMs, zone);
  return newDay ? `${monthDayInZone(ms, zone)} ${clock}` : clock;
}

/**
 * The ticks of an axis from `minMs` to `maxMs` in `zone`: multiples of the step on the zone's wall
 * clock (so 15-minute ticks read :00, :15 … in a +05:45 zone too, and day ticks fall on midnight).
 */
export function timeAxis(minMs: number, maxMs: number, zone: TimeZoneName, maxTicks: number): TimeAxis {
  const step = chooseTimeStep(maxMs - minMs, maxTicks);
  const ticks: TimeTick[] = [];
  if (!(maxMs >= minMs)) return { step, ticks };
  const firstWall = Math.ceil((minMs + zoneOffsetMinutes(minMs, zone) * MINUTE) / step) * step;
  let previous: number | null = null;
  for (let wall = firstWall; ticks.length <= 1000; wall += step) {
    const value = instantOfWall(wall, zone, previous ?? minMs);
    if (value > maxMs) break;
    // A daylight-saving change can map two wall times to one instant, or one before the previous.
    if (value < minMs || (previous !== null && value <= previous)) continue;
    ticks.push({ value, label: timeTickLabel(value, previous, step, zone) });
    previous = value;
  }
  return { step, ticks };
}

import { describe, expect, it } from 'vitest';
import {
  chooseTimeStep,
  maxTicksForWidth,
  TIME_STEPS,
  timeAxis,
  timeTickLabel,
} from '../../../../../src-renderer/src/lib/charts/time-axis';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

describe('chooseTimeStep', () => {
  it('takes the smallest round step that keeps the ticks within the limit', () => {
    expect(chooseTimeStep(60 * S, 10)).toBe(10 * S); // 7 ticks
    expect(chooseTimeStep(120 * S, 10)).toBe(15 * S); // 9 ticks
    expect(chooseTimeStep(300 * S, 10)).toBe(MIN); // 30 s would make 11
    expect(chooseTimeStep(20 * MIN, 12)).toBe(2 * MIN);
    expect(chooseTimeStep(6 * H, 8)).toBe(H);
  });

  it('aims for at least three ticks however narrow the axis', () => {
    expect(chooseTimeStep(60 * S, 1)).toBe(30 * S);
    expect(chooseTimeStep(60 * S, 0)).toBe(30 * S);
  });

  it('goes past the list in whole weeks', () => {
    expect(chooseTimeStep(365 * 24 * H, 10) % (7 * 24 * H)).toBe(0);
    expect(Math.floor((365 * 24 * H) / chooseTimeStep(365 * 24 * H, 10)) + 1).toBeLessThanOrEqual(10);
  });

  it('has only steps that add up at a glance, smallest first', () => {
    expect([...TIME_STEPS].sort((a, b) => a - b)).toEqual(TIME_STEPS);
    for (const step of TIME_STEPS) expect(step % S).toBe(0);
  });
});

describe('maxTicksForWidth', () => {
  it('allows one tick per 75 px by default, and never fewer than three', () => {
    expect(maxTicksForWidth(900)).toBe(12);
    expect(maxTicksForWidth(100)).toBe(3);
    expect(maxTicksForWidth(900, 100)).toBe(9);
  });
});

describe('timeAxis', () => {
  it('puts ticks on round times, evenly spaced, within the range, with HH:MM:SS under a minute', () => {
    const axis = timeAxis(at('2025-06-01T14:03:07Z'), at('2025-06-01T14:04:07Z'), 'utc', 10);
    expect(axis.step).toBe(10 * S);
    expect(axis.ticks.map((t) => t.label)).toEqual(['14:03:10', '14:03:20', '14:03:30', '14:03:40', '14:03:50', '14:04:00']);
    for (const [i, t] of axis.ticks.entries()) if (i > 0) expect(t.value - axis.ticks[i - 1].value).toBe(axis.step);
  });

  it('labels HH:MM once the step is a minute or more', () => {
    const axis = timeAxis(at('2025-06-01T14:00:00Z'), at('2025-06-01T14:20:00Z'), 'utc', 12);
    expect(axis.step).toBe(2 * MIN);
    expect(axis.ticks.map((t) => t.label)).toEqual([
      '14:00',
      '14:02',
      '14:04',
      '14:06',
      '14:08',
      '14:10',
      '14:12',
      '14:14',
      '14:16',
      '14:18',
      '14:20',
    ]);
  });

  it("labels the zone's wall clock", () => {
    const axis = timeAxis(at('2025-06-01T14:00:00Z'), at('2025-06-01T14:20:00Z'), 'America/New_York', 6);
    expect(axis.ticks.map((t) => t.label)).toEqual(['10:00', '10:05', '10:10', '10:15', '10:20']);
  });

  it('rounds on the wall clock in a zone whose offset is not whole hours', () => {
    // Kathmandu is UTC+05:45: 15-minute ticks on UTC's quarter hours would read :45, :00 … by luck;
    // hourly ones would read HH:45. They must read round hours.
    const axis = timeAxis(at('2025-06-01T00:00:00Z'), at('2025-06-01T06:00:00Z'), 'Asia/Kathmandu', 8);
    expect(axis.step).toBe(H);
    expect(axis.ticks.map((t) => t.label)).toEqual(['06:00', '07:00', '08:00', '09:00', '10:00', '11:00']);
  });

  it('dates the first tick of a new day', () => {
    const axis = timeAxis(at('2025-06-01T22:00:00Z'), at('2025-06-02T02:00:00Z'), 'utc', 5);
    expect(axis.ticks.map((t) => t.label)).toEqual(['22:00', '23:00', '06-02 00:00', '01:00', '02:00']);
  });

  it('keeps even wall-clock steps across a daylight-saving change, one tick per instant', () => {
    // New York springs forward at 07:00 UTC on 2025-03-09: 02:00 local does not exist.
    const axis = timeAxis(at('2025-03-09T05:00:00Z'), at('2025-03-09T09:00:00Z'), 'America/New_York', 6);
    const labels = axis.ticks.map((t) => t.label);
    expect(labels).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
    const values = axis.ticks.map((t) => t.value);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });

  it('has no ticks for an empty range', () => {
    expect(timeAxis(10, 5, 'utc', 10).ticks).toEqual([]);
  });
});

describe('timeTickLabel', () => {
  it('shows seconds only when the step is under a minute', () => {
    expect(timeTickLabel(at('2025-06-01T14:03:10Z'), null, 10 * S, 'utc')).toBe('14:03:10');
    expect(timeTickLabel(at('2025-06-01T14:03:00Z'), null, MIN, 'utc')).toBe('14:03');
  });

  it('shows only the day for steps of a day or more', () => {
    expect(timeTickLabel(at('2025-06-02T00:00:00Z'), null, 24 * H, 'utc')).toBe('06-02');
  });
});

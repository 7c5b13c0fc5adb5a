import { describe, expect, it } from 'vitest';
import { RATE_HISTORY_SECONDS, REJECT_SAMPLES_KEPT } from '../../../../../src-shared/types';
import { rateSubtitle, rejectsSubtitle, uniqueSubtitle } from '../../../../../src-renderer/src/lib/format/subtitles';

describe('rateSubtitle', () => {
  it('states the rate history the engine sends (RATE_HISTORY_SECONDS)', () => {
    expect(rateSubtitle(RATE_HISTORY_SECONDS)).toBe(`Last ${RATE_HISTORY_SECONDS / 60} minutes, one point per second`);
  });

  it('follows the constant, singular included', () => {
    expect(rateSubtitle(60)).toBe('Last 1 minute, one point per second');
    expect(rateSubtitle(90)).toBe('Last 90 seconds, one point per second');
  });
});

describe('uniqueSubtitle', () => {
  it('counts the closed windows on screen, "window" for one', () => {
    expect(uniqueSubtitle(1, 60)).toBe('Last 1 closed window');
    expect(uniqueSubtitle(2, 60)).toBe('Last 2 closed windows');
    expect(uniqueSubtitle(60, 60)).toBe('Last 60 closed windows');
  });

  it('before any window closes, says how many it will hold', () => {
    expect(uniqueSubtitle(0, 60)).toBe('Up to the last 60 closed windows');
    expect(uniqueSubtitle(0, 1)).toBe('Up to the last 1 closed window');
  });
});

describe('rejectsSubtitle', () => {
  it('states how many samples the engine keeps (REJECT_SAMPLES_KEPT)', () => {
    expect(rejectsSubtitle(REJECT_SAMPLES_KEPT)).toBe(`The last ${REJECT_SAMPLES_KEPT} lines, newest first`);
  });

  it('says "line" when one is kept', () => {
    expect(rejectsSubtitle(1)).toBe('The last 1 line, newest first');
  });
});

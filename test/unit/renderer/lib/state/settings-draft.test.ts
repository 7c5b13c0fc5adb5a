import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_RANGES } from '../../../../../src-shared/settings';
import type { Settings } from '../../../../../src-shared/settings';
import {
  draftErrors,
  draftOf,
  settingsFromDraft,
  settingsPatch,
  type SettingsDraft,
} from '../../../../../src-renderer/src/lib/state/settings-draft';
import { local } from '../../support/locale';

const current: Settings = { ...DEFAULT_SETTINGS };
const edited = (fields: Partial<SettingsDraft>): SettingsDraft => ({ ...draftOf(current), ...fields });

/** What Apply sends for a draft: null while the draft is invalid. */
function patchOf(draft: SettingsDraft, eventTime = current.event_time): Partial<Settings> | null {
  const next = settingsFromDraft(current, draft, eventTime);
  return next && settingsPatch(current, next);
}

describe('the settings form: what Apply sends', () => {
  it('sends nothing when nothing changed', () => {
    expect(patchOf(draftOf(current))).toEqual({});
  });

  it('sends only the fields that changed, as numbers', () => {
    expect(patchOf(edited({ window_seconds: '10', top_n: '50' }))).toEqual({ window_seconds: 10, top_n: 50 });
  });

  it('sends the event-time box when it changed', () => {
    expect(patchOf(draftOf(current), !current.event_time)).toEqual({ event_time: !current.event_time });
  });

  it('reads a number typed with spaces around it', () => {
    expect(patchOf(edited({ window_seconds: ' 30 ' }))).toEqual({ window_seconds: 30 });
  });

  it('sends nothing for a field typed back to its current value', () => {
    expect(patchOf(edited({ window_seconds: String(current.window_seconds) }))).toEqual({});
  });

  it('sends nothing at all while any field is invalid', () => {
    expect(settingsFromDraft(current, edited({ window_seconds: '10', top_n: 'lots' }), false)).toBeNull();
  });

  it('keeps the fields the form has no input for from the current settings', () => {
    const next = settingsFromDraft(current, edited({ window_seconds: '10' }), true);
    expect(next).toEqual({ ...current, window_seconds: 10, event_time: true });
  });
});

describe('the settings form: messages', () => {
  it('has no message for the settings as loaded', () => {
    expect(Object.values(draftErrors(draftOf(current))).every((e) => e === null)).toBe(true);
  });

  it('asks for a whole number from the documented range for text, decimals, signs and blanks', () => {
    const [min, max] = SETTINGS_RANGES.window_seconds;
    const want = `Enter a whole number from ${min} to ${max}.`;
    for (const typed of ['', '  ', 'ten', '1.5', '-5', '1e3']) {
      expect(draftErrors(edited({ window_seconds: typed })).window_seconds, JSON.stringify(typed)).toBe(want);
    }
  });

  it('gives the range with grouped digits for a number outside it', () => {
    expect(draftErrors(edited({ window_seconds: '0' })).window_seconds).toBe(local('Must be from 1 to 3,600.'));
    expect(draftErrors(edited({ window_seconds: '3601' })).window_seconds).toBe(local('Must be from 1 to 3,600.'));
    expect(draftErrors(edited({ max_line_bytes: '8' })).max_line_bytes).toBe(local('Must be from 16 to 16,777,216.'));
  });

  it('accepts both ends of each range', () => {
    for (const [key, [min, max]] of Object.entries(SETTINGS_RANGES)) {
      const k = key as keyof typeof SETTINGS_RANGES;
      expect(draftErrors(edited({ [k]: String(min) }))[k], `${k} ${min}`).toBeNull();
      expect(draftErrors(edited({ [k]: String(max) }))[k], `${k} ${max}`).toBeNull();
    }
  });

  it('puts the message on the field that is wrong and no other', () => {
    const errors = draftErrors(edited({ top_n: '0' }));
    expect(errors.top_n).not.toBeNull();
    expect(Object.entries(errors).filter(([, e]) => e !== null)).toHaveLength(1);
  });
});

describe('draftOf', () => {
  it('shows every numeric setting as the text of its number, and only those', () => {
    expect(draftOf({ ...current, window_seconds: 15, top_n: 25 })).toEqual({
      window_seconds: '15',
      lateness_ms: String(current.lateness_ms),
      future_tolerance_ms: String(current.future_tolerance_ms),
      max_line_bytes: String(current.max_line_bytes),
      max_name_chars: String(current.max_name_chars),
      max_connections: String(current.max_connections),
      top_n: '25',
      retention_days: String(current.retention_days),
      stop_drain_ms: String(current.stop_drain_ms),
      ingest_workers: String(current.ingest_workers),
    });
  });
});

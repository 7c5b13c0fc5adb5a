// The one table of checks at the edge (DESIGN §7.11): every host runs COMMAND_VALIDATORS before a
// command reaches the engine, so these are the sentences a user sees for each mistake, and every
// mistake is BAD_REQUEST (or BAD_PORT / BAD_HOST, which the listener form branches on).
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src-shared/api';
import { DEFAULT_SETTINGS, SETTINGS_RANGES } from '../../../src-shared/settings';
import {
  COMMAND_VALIDATORS,
  validateExportRequest,
  validateNumber,
  validateSettingsPatch,
  validateStartListener,
  validateTimeRange,
} from '../../../src-main/engine/validate';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('COMMAND_VALIDATORS', () => {
  it('has a check for every command of the Api', () => {
    expect(Object.keys(COMMAND_VALIDATORS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('refuses an argument for commands that take none', () => {
    for (const name of ['status', 'stopListener', 'getSettings'] as const) {
      expect(() => COMMAND_VALIDATORS[name]({ x: 1 })).toThrow(`${name} takes no argument`);
      expect(COMMAND_VALIDATORS[name](undefined)).toBeUndefined();
    }
  });
});

describe('listener requests', () => {
  it('take a host, a port as number or digits, a format defaulting to auto and a transport defaulting to both', () => {
    expect(validateStartListener({ host: ' 127.0.0.1 ', port: '9000' })).toEqual({
      host: '127.0.0.1',
      port: 9000,
      format: 'auto',
      transport: 'both',
    });
    expect(validateStartListener({ host: '::1', port: 0, format: 'json', transport: 'udp' })).toEqual({
      host: '::1',
      port: 0,
      format: 'json',
      transport: 'udp',
    });
    expect(validateStartListener({ host: '::1', port: 0, transport: 'tcp' }).transport).toBe('tcp');
  });

  it('refuse a transport other than tcp, udp or both, saying which are taken', () => {
    expect(() => validateStartListener({ host: '127.0.0.1', port: 1, transport: 'sctp' })).toThrow(
      'transport must be one of tcp, udp, both, not "sctp"',
    );
    expect(codeOf(() => validateStartListener({ host: '127.0.0.1', port: 1, transport: 'UDP' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateStartListener({ host: '127.0.0.1', port: 1, transport: null }))).toBe('BAD_REQUEST');
  });

  it('name each mistake with its own code and sentence', () => {
    expect(codeOf(() => validateStartListener({ host: '127.0.0.1', port: 70000 }))).toBe('BAD_PORT');
    expect(codeOf(() => validateStartListener({ host: 'no such host/', port: 1 }))).toBe('BAD_HOST');
    expect(codeOf(() => validateStartListener({ host: '127.0.0.1', port: 1, format: 'xml' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateStartListener('127.0.0.1:9000'))).toBe('BAD_REQUEST');
    expect(() => validateStartListener({ host: '127.0.0.1', port: 1.5 })).toThrow('port must be a whole number from 0 to 65535, not 1.5');
  });
});

describe('settings patches', () => {
  it('accept every setting at both ends of its range', () => {
    for (const [key, [lo, hi]] of Object.entries(SETTINGS_RANGES)) {
      expect(validateSettingsPatch({ [key]: lo })).toEqual({ [key]: lo });
      expect(validateSettingsPatch({ [key]: hi })).toEqual({ [key]: hi });
    }
    expect(validateSettingsPatch(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it('refuse a value outside its range, not whole, the text of a number, an unknown key or a non-boolean event_time', () => {
    expect(() => validateSettingsPatch({ window_seconds: 0 })).toThrow('window_seconds must be a whole number from 1 to 3600, not 0');
    for (const patch of [
      { window_seconds: 3601 },
      { top_n: 1.5 },
      { lateness_ms: -1 },
      { max_connections: '10' },
      { nope: 1 },
      { event_time: 1 },
    ]) {
      expect(
        codeOf(() => validateSettingsPatch(patch)),
        JSON.stringify(patch),
      ).toBe('BAD_REQUEST');
    }
  });
});

describe('time ranges and exports', () => {
  it('normalise times to ISO UTC and drop empty bounds', () => {
    expect(validateTimeRange({ from: '2025-11-29T13:00:00+01:00', to: '' })).toEqual({ from: '2025-11-29T12:00:00.000Z' });
    expect(validateTimeRange(undefined)).toEqual({});
  });

  it('refuse a time that does not parse, and from after to, as BAD_REQUEST', () => {
    expect(() => validateTimeRange({ from: 'soon' })).toThrow('from must be an ISO 8601 time');
    expect(() => validateTimeRange({ from: '2025-11-29T12:01:00Z', to: '2025-11-29T12:00:00Z' })).toThrow('from must not be after to');
    expect(codeOf(() => validateTimeRange({ to: 42 }))).toBe('BAD_REQUEST');
  });

  it('check the kind and the time zone of an export', () => {
    expect(validateExportRequest({ what: 'event_counts' })).toEqual({ what: 'event_counts', tz: 'utc' });
    expect(() => validateExportRequest({ what: 'users' })).toThrow('what must be summaries or event_counts, not "users"');
    expect(() => validateExportRequest({ what: 'summaries', tz: 'mars' })).toThrow(
      'tz must be utc, local or a time zone such as Europe/Berlin, not "mars"',
    );
    expect(codeOf(() => validateExportRequest({ what: 'summaries', from: 'tomorrow' }))).toBe('BAD_REQUEST');
  });
});

describe('validateNumber (command-line flags)', () => {
  it('reads the text of a number and checks its range and wholeness', () => {
    expect(validateNumber('--rate', '250', 1, 1000)).toBe(250);
    expect(validateNumber('--duration', '0.5', 0, 10, false)).toBe(0.5);
    expect(() => validateNumber('--rate', 'fast', 1, 1000)).toThrow('--rate must be a whole number from 1 to 1000, not "fast"');
    expect(() => validateNumber('--window', '0', 1, 3600)).toThrow('--window must be a whole number from 1 to 3600, not "0"');
    expect(() => validateNumber('--duration', '', 0, 10, false)).toThrow('--duration must be a number from 0 to 10');
  });
});

import { describe, expect, it } from 'vitest';
import { browserTimeZone, defaultZone, zoneChoices, zoneName } from '../../../../../src-renderer/src/lib/state/zone-choice';

describe('browserTimeZone', () => {
  it("takes the IANA name Intl reports for the browser's zone", () => {
    expect(browserTimeZone('America/New_York')).toBe('America/New_York');
  });

  it('gives null for an empty name, for a name no zone has, and for the words the API gives other meanings', () => {
    expect(browserTimeZone('')).toBeNull();
    expect(browserTimeZone('Mars/Olympus_Mons')).toBeNull();
    // `local` would mean the SERVER's zone to the export API.
    expect(browserTimeZone('local')).toBeNull();
  });

  it('reads Intl by default', () => {
    expect(browserTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('zoneChoices', () => {
  it("offers UTC and the browser's zone, labelled with its name", () => {
    expect(zoneChoices('America/New_York')).toEqual([
      { value: 'utc', label: 'UTC' },
      { value: 'America/New_York', label: 'America/New_York (this browser)' },
    ]);
  });

  it('never offers `local`: the IANA name is what goes to the server', () => {
    for (const z of ['Europe/Berlin', 'Asia/Kolkata']) expect(zoneChoices(z).map((c) => c.value)).not.toContain('local');
  });

  it('offers UTC alone when the browser runs in UTC under any name, or in no zone it can name', () => {
    for (const z of ['UTC', 'Etc/UTC', 'etc/utc', 'Etc/GMT', null]) expect(zoneChoices(z)).toEqual([{ value: 'utc', label: 'UTC' }]);
  });
});

describe('defaultZone', () => {
  it("starts a page in the browser's zone when there is one, else UTC", () => {
    expect(defaultZone(zoneChoices('America/New_York'))).toBe('America/New_York');
    expect(defaultZone(zoneChoices('UTC'))).toBe('utc');
    expect(defaultZone([])).toBe('utc');
  });
});

describe('zoneName', () => {
  it('names UTC in capitals and an IANA zone by its name', () => {
    expect(zoneName('utc')).toBe('UTC');
    expect(zoneName('America/New_York')).toBe('America/New_York');
  });
});

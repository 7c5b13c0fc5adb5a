// The page's one time zone (History, the From/To fields, the unique chart's axis and the exported
// file all use it): UTC or this browser's zone, named by its IANA name. Never `local`, which the
// server reads as ITS zone. Plain, so unit tests run it without Svelte.
import { isTimeZone } from '../../../../src-shared/time-zones';
import type { TimeZoneName } from '../../../../src-shared/time-zones';

export interface ZoneOption {
  value: TimeZoneName;
  label: string;
}

/** Names Intl gives UTC itself: a browser in one of them has nothing to offer beside UTC. */
const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/uct', 'uct', 'etc/zulu', 'zulu', 'gmt', 'etc/gmt', 'etc/universal', 'universal']);

/** The browser's IANA zone (e.g. "America/New_York"), or null when it names none the platform knows. */
export function browserTimeZone(resolved: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone): string | null {
  if (!resolved || resolved === 'local' || resolved === 'utc' || !isTimeZone(resolved)) return null;
  return resolved;
}

/**
 * The choices of the zone radio group: UTC, then the browser's zone by its name unless it is UTC
 * under another name (or unknown).
 */
export function zoneChoices(browserZone: string | null): ZoneOption[] {
  const utc: ZoneOption = { value: 'utc', label: 'UTC' };
  if (!browserZone || UTC_NAMES.has(browserZone.toLowerCase())) return [utc];
  return [utc, { value: browserZone, label: `${browserZone} (this browser)` }];
}

/** The zone a fresh page starts in: the browser's own, for times that read like the clock on the wall. */
export function defaultZone(choices: readonly ZoneOption[]): TimeZoneName {
  return choices[choices.length - 1]?.value ?? 'utc';
}

/** How a zone is named in a subtitle or hint: "UTC" or its IANA name. */
export function zoneName(zone: TimeZoneName): string {
  return zone === 'utc' ? 'UTC' : zone === 'local' ? 'local time' : zone;
}

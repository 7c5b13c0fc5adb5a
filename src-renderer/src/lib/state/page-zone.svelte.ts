import type { TimeZoneName } from '../../../../src-shared/time-zones';
import { browserTimeZone, defaultZone, zoneChoices, zoneName } from './zone-choice';
import type { ZoneOption } from './zone-choice';

/**
 * The page's one time zone, chosen in the export form and used by every time the page shows or
 * reads (History, From/To, the unique chart's axis) and by the exported file.
 */
export class PageZone {
  readonly choices: readonly ZoneOption[];
  /** The chosen zone, bound to the export form's radio group; one of `choices`. */
  current = $state<TimeZoneName>('utc');

  /** @param browserZone this browser's IANA zone, or null. Default: what Intl reports. */
  constructor(browserZone: string | null = browserTimeZone()) {
    this.choices = zoneChoices(browserZone);
    this.current = defaultZone(this.choices);
  }

  /** "UTC" or the IANA name, for subtitles and hints. */
  readonly name = $derived(zoneName(this.current));
}

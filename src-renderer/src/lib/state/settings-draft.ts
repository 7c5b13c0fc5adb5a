// The settings form's logic without its state: from the text typed in each field to the patch
// Apply sends. Plain, so unit tests run it without the Svelte compiler.
import type { Settings } from '../../../../src-shared/settings';
import { clusterDraftOf, clusterFromDraft } from './cluster-draft';
import type { ClusterDraft } from './cluster-draft';
import { NUMERIC_SETTINGS, settingError } from './validate';
import type { NumericSetting } from './validate';

/** The text of each numeric field, as typed. */
export type SettingsDraft = Record<NumericSetting, string>;

/** Each field's message (null when its text is a whole number inside the setting's range). */
export type DraftErrors = Readonly<Record<NumericSetting, string | null>>;

/** The form's text for `s`: what the fields show after loading or applying. */
export function draftOf(s: Settings): SettingsDraft {
  const d = {} as SettingsDraft;
  for (const k of NUMERIC_SETTINGS) d[k] = String(s[k]);
  return d;
}

export function draftErrors(draft: SettingsDraft): DraftErrors {
  const e = {} as Record<NumericSetting, string | null>;
  for (const k of NUMERIC_SETTINGS) e[k] = settingError(k, draft[k]);
  return e;
}

/**
 * `current` with the draft's numbers, the event-time box and the Cluster section (default: the
 * current cluster settings, untouched), or null while a field is invalid.
 */
export function settingsFromDraft(
  current: Settings,
  draft: SettingsDraft,
  eventTime: boolean,
  cluster: ClusterDraft = clusterDraftOf(current),
): Settings | null {
  const clustered = clusterFromDraft(cluster);
  if (!clustered || NUMERIC_SETTINGS.some((k) => settingError(k, draft[k]) !== null)) return null;
  const s = { ...current, ...clustered, event_time: eventTime };
  for (const k of NUMERIC_SETTINGS) s[k] = Number(draft[k].trim());
  return s;
}

/** The fields of `next` that differ from `current`: what a PATCH needs to carry. */
export function settingsPatch(current: Settings, next: Settings): Partial<Settings> {
  const patch: Partial<Settings> = {};
  for (const k of Object.keys(next) as (keyof Settings)[]) {
    if (next[k] !== current[k]) (patch as Record<string, unknown>)[k] = next[k];
  }
  return patch;
}

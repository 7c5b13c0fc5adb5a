// Form checks that run as the user types, so a bad value never reaches the engine. The engine checks
// again (it is the authority); these only give the message next to the field sooner.
import { SETTINGS_RANGES } from '../../../../src-shared/settings';

/** null when `value` is a host name or IP address the listener could bind, else why not. */
export function hostError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'Enter a host, e.g. 127.0.0.1 or 0.0.0.0.';
  if (v.length > 253) return 'A host name is at most 253 characters.';
  if (!/^[A-Za-z0-9.:\-[\]%_]+$/.test(v)) return 'Use a host name or an IP address (letters, digits, ".", ":", "-").';
  return null;
}

/** null when `value` is a TCP port (0 lets the system pick a free one), else why not. */
export function portError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'Enter a port from 0 to 65535.';
  if (!/^\d+$/.test(v)) return 'A port is a whole number from 0 to 65535.';
  if (Number(v) > 65535) return 'A port is at most 65535.';
  return null;
}

export type NumericSetting = keyof typeof SETTINGS_RANGES;

/** null when `value` is a whole number inside the setting's documented range, else why not. */
export function settingError(name: NumericSetting, value: string): string | null {
  const [min, max] = SETTINGS_RANGES[name];
  const v = value.trim();
  if (!/^\d+$/.test(v)) return `Enter a whole number from ${min} to ${max}.`;
  const n = Number(v);
  if (n < min || n > max) return `Must be from ${min.toLocaleString()} to ${max.toLocaleString()}.`;
  return null;
}

export const NUMERIC_SETTINGS = Object.keys(SETTINGS_RANGES) as NumericSetting[];

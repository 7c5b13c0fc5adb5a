// The settings a window aggregator works by, resolved once per change of settings.
import type { Settings } from '../../../src-shared/settings';
import { windowSizeMs } from './alignment';

export interface WindowConfig {
  sizeMs: number;
  eventTime: boolean;
  /** Effective lateness: 0 in arrival mode. */
  latenessMs: number;
  topN: number;
}

export function configOf(settings: Settings): WindowConfig {
  const sizeMs = windowSizeMs(settings.window_seconds);
  const { lateness_ms, top_n } = settings;
  const eventTime = settings.event_time === true;
  return { sizeMs, eventTime, latenessMs: eventTime ? lateness_ms : 0, topN: top_n };
}

// Windows of one event, as Api.event answers them, for the renderer's tests.
import type { EventWindow } from '../../../../src-shared/api';

/** 12:00 UTC on a fixed day: where test windows start counting. */
export const T0 = Date.UTC(2025, 5, 1, 12, 0);

/** The i-th 60 s window after T0 with nothing in it, but for the fields given. */
export function eventWindow(i: number, fields: Partial<EventWindow> = {}): EventWindow {
  return {
    window_start: new Date(T0 + i * 60_000).toISOString(),
    window_end: new Date(T0 + (i + 1) * 60_000).toISOString(),
    count: 0,
    distinct_users: 0,
    distinct_users_exact: true,
    values: null,
    gauge_last: null,
    ...fields,
  };
}

import { describe, expect, it } from 'vitest';
import type { EventWindow } from '../../../../../src-shared/api';
import { eventFigures } from '../../../../../src-renderer/src/lib/format/event-figures';
import { eventWindow } from '../../support/event-windows';
import { local } from '../../support/locale';

const win = (fields: Partial<EventWindow>) => eventWindow(0, fields);

const byId = (figures: ReturnType<typeof eventFigures>) => Object.fromEntries(figures.map((f) => [f.id, `${f.value} | ${f.note}`]));

describe('eventFigures', () => {
  it('says the total, the latest window with its users, its mean value with p99, and the gauge level', () => {
    const last = win({
      count: 1200,
      distinct_users: 300,
      distinct_users_exact: false,
      values: { count: 1200, sum: 0, min: 1, max: 900, mean: 42.25, p50: 30, p90: 80, p99: 812.5 },
    });
    expect(byId(eventFigures({ total: 5000, windowsWith: 4, windows: 10, last, gauge: -3 }))).toEqual({
      total: local('5,000 | in 4 of 10 windows'),
      last: local('1,200 | ≈ 300 users'),
      values: local('42.25 | of 1,200 values, p99 812.5'),
      gauge: '-3 | latest level',
    });
  });

  it('leaves out p99 where only counter steps came, and says when there is no value or gauge', () => {
    const counter = win({ count: 6, values: { count: 6, sum: 6, min: 1, max: 1, mean: 1, p50: null, p90: null, p99: null } });
    const f = byId(eventFigures({ total: 6, windowsWith: 1, windows: 1, last: counter, gauge: null }));
    expect(f.values).toBe('1 | of 6 values');
    expect(f.gauge).toBe('— | no gauge');
    expect(byId(eventFigures({ total: 1, windowsWith: 1, windows: 1, last: win({ count: 1 }), gauge: null })).values).toBe('— | no values');
  });

  it('says the event did not come in the windows shown', () => {
    expect(byId(eventFigures({ total: 0, windowsWith: 0, windows: 60, last: null, gauge: null })).last).toBe('— | not in these windows');
  });
});

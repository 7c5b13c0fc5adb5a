import { describe, expect, it } from 'vitest';
import { pushChannel } from '../../../src-shared/api';
import { createPushRelay } from '../../../src-main/electron/push-relay';
import type { ExportProgress } from '../../../src-shared/api';
import type { Snapshot, Summary } from '../../../src-shared/types';
import { ManualClock } from '../../support/manual-clock';

function target() {
  const sent: { at: number; channel: string; payload: unknown }[] = [];
  let destroyed = false;
  return {
    sent,
    destroy: () => (destroyed = true),
    contents: (clock: () => number) => ({
      send: (channel: string, payload: unknown) => sent.push({ at: clock(), channel, payload }),
      isDestroyed: () => destroyed,
    }),
  };
}

function summary(events: number): Summary {
  return { window_start: `w${events}`, events } as Summary;
}

function snapshot(at: number, closed: Summary[] = []): Snapshot {
  return { at: String(at), closed } as Snapshot;
}

describe('createPushRelay', () => {
  it('sends at most 4 snapshots a second however fast they come, the newest each time', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    const relay = createPushRelay({ target: () => contents, ...time });
    for (let ms = 0; ms < 1000; ms += 10) {
      relay.push('snapshot', snapshot(ms));
      time.advance(10);
    }
    time.advance(1000);
    const times = t.sent.map((s) => s.at);
    expect(times).toEqual([0, 250, 500, 750, 1000]);
    expect(t.sent.every((s) => s.channel === pushChannel('snapshot'))).toBe(true);
    expect((t.sent.at(-1)!.payload as Snapshot).at).toBe('990');
  });

  it('passes snapshots straight through at the engine pace of one per 250 ms', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    const relay = createPushRelay({ target: () => contents, ...time });
    for (let i = 0; i < 4; i++) {
      relay.push('snapshot', snapshot(i));
      time.advance(250);
    }
    expect(t.sent.map((s) => s.at)).toEqual([0, 250, 500, 750]);
    expect(time.pending()).toBe(0);
  });

  it('keeps every closed summary of the snapshots it holds back, oldest first', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    const relay = createPushRelay({ target: () => contents, ...time });
    relay.push('snapshot', snapshot(0, [summary(1)]));
    relay.push('snapshot', snapshot(1, [summary(2)]));
    relay.push('snapshot', snapshot(2));
    relay.push('snapshot', snapshot(3, [summary(3), summary(4)]));
    time.advance(250);
    expect(t.sent.map((s) => (s.payload as Snapshot).closed.map((c) => c.events))).toEqual([[1], [2, 3, 4]]);
    expect((t.sent[1]!.payload as Snapshot).at).toBe('3');
  });

  it('limits each push name on its own and always delivers the final export progress', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    const relay = createPushRelay({ target: () => contents, ...time });
    const progress = (done: number, isDone = false): ExportProgress => ({
      what: 'summaries',
      windows_done: done,
      windows_total: 10,
      done: isDone,
    });
    relay.push('snapshot', snapshot(0));
    relay.push('exportProgress', progress(1));
    relay.push('exportProgress', progress(5));
    relay.push('exportProgress', progress(10, true));
    time.advance(250);
    expect(t.sent.map((s) => [s.at, s.channel])).toEqual([
      [0, pushChannel('snapshot')],
      [0, pushChannel('exportProgress')],
      [250, pushChannel('exportProgress')],
    ]);
    expect(t.sent[2]!.payload).toEqual(progress(10, true));
  });

  it('drops pushes while there is no window, or its contents are destroyed, without throwing', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    let open = false;
    const relay = createPushRelay({ target: () => (open ? contents : null), ...time });
    relay.push('snapshot', snapshot(0));
    open = true;
    time.advance(250);
    relay.push('snapshot', snapshot(1));
    t.destroy();
    time.advance(250);
    relay.push('snapshot', snapshot(2));
    expect(t.sent.map((s) => (s.payload as Snapshot).at)).toEqual(['1']);
  });

  it('sends nothing after dispose, not even what it held', () => {
    const time = new ManualClock();
    const t = target();
    const contents = t.contents(time.now);
    const relay = createPushRelay({ target: () => contents, ...time });
    relay.push('snapshot', snapshot(0));
    relay.push('snapshot', snapshot(1));
    relay.dispose();
    relay.push('snapshot', snapshot(2));
    time.advance(1000);
    expect(t.sent.length).toBe(1);
    expect(time.pending()).toBe(0);
  });
});

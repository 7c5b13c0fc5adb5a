import { describe, expect, it } from 'vitest';
import type { Snapshot, Summary } from '../../../src-shared/types';
import { SnapshotPacer } from '../../../src-main/push/snapshot-pacer';
import { ManualClock } from '../../support/manual-clock';
import { quietSummary } from '../../support/window-records';

function summary(start: number): Summary {
  return quietSummary(start * 1000, (start + 1) * 1000, { events: start });
}

function snap(n: number, closed: Summary[] = []): Snapshot {
  return { at: String(n), closed } as unknown as Snapshot;
}

function setup(opts: { backedUp?: () => boolean; maxPendingClosed?: number } = {}) {
  const clock = new ManualClock();
  const sent: { t: number; s: Snapshot }[] = [];
  const pacer = new SnapshotPacer({
    clock,
    maxPendingClosed: opts.maxPendingClosed,
    deliver: (s) => {
      if (opts.backedUp?.()) return false;
      sent.push({ t: clock.t, s });
      return true;
    },
  });
  return { clock, sent, pacer };
}

describe('SnapshotPacer', () => {
  it('sends the first snapshot at once', () => {
    const { sent, pacer } = setup();
    pacer.offer(snap(1));
    expect(sent.map((x) => x.s.at)).toEqual(['1']);
  });

  it('never sends two frames less than 250 ms apart, however fast snapshots come', () => {
    const { clock, sent, pacer } = setup();
    for (let i = 0; i < 1000; i++) {
      pacer.offer(snap(i));
      clock.advance(7);
    }
    clock.advance(1000);
    const gaps = sent.slice(1).map((x, i) => x.t - sent[i].t);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    // 7 s of offers: one frame per 250 ms, plus the first.
    expect(sent.length).toBeLessThanOrEqual(7000 / 250 + 2);
    // The newest snapshot is never lost: the last frame is the last offer.
    expect(sent.at(-1)!.s.at).toBe('999');
  });

  it('carries the windows closed in skipped snapshots into the next frame, in order', () => {
    const { clock, sent, pacer } = setup();
    pacer.offer(snap(0));
    clock.advance(100);
    pacer.offer(snap(1, [summary(1)]));
    clock.advance(50);
    pacer.offer(snap(2, [summary(2)]));
    pacer.offer(snap(3));
    clock.advance(200);
    expect(sent.map((x) => x.s.at)).toEqual(['0', '3']);
    expect(sent[1].s.closed.map((s) => s.events)).toEqual([1, 2]);
  });

  it('skips a backed-up client and keeps its closed windows for the next frame that goes', () => {
    let backedUp = true;
    const { clock, sent, pacer } = setup({ backedUp: () => backedUp });
    pacer.offer(snap(0, [summary(10)]));
    clock.advance(250);
    pacer.offer(snap(1, [summary(11)]));
    expect(sent).toEqual([]);
    backedUp = false;
    clock.advance(250);
    pacer.offer(snap(2));
    expect(sent.map((x) => x.s.at)).toEqual(['2']);
    expect(sent[0].s.closed.map((s) => s.events)).toEqual([10, 11]);
  });

  it('holds at most maxPendingClosed closed windows for a client that stays backed up, dropping the oldest', () => {
    let backedUp = true;
    const { sent, pacer } = setup({ backedUp: () => backedUp, maxPendingClosed: 3 });
    for (let i = 0; i < 10; i++) pacer.offer(snap(i, [summary(i)]));
    backedUp = false;
    pacer.offer(snap(10));
    expect(sent[0].s.closed.map((s) => s.events)).toEqual([7, 8, 9]);
    expect(pacer.droppedClosed).toBe(7);
  });

  it('passes the engine snapshot object through untouched when there is nothing to merge', () => {
    const { sent, pacer } = setup();
    const s = snap(1, [summary(1)]);
    pacer.offer(s);
    expect(sent[0].s).toBe(s);
  });

  it('sends nothing after close, and leaves no timer behind', () => {
    const { clock, sent, pacer } = setup();
    pacer.offer(snap(0));
    pacer.offer(snap(1));
    pacer.close();
    expect(clock.pending()).toBe(0);
    pacer.offer(snap(2));
    clock.advance(1000);
    expect(sent.map((x) => x.s.at)).toEqual(['0']);
  });
});

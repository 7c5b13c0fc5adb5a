// Changing the window size or the event-time mode while traffic flows: the journal stays in strict
// time order with no window overlapping another, every event counted once, and range reads pick
// exactly the windows whose start is in range, whatever their sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../src-shared/settings';
import type { Summary } from '../../../src-shared/types';
import { Engine } from '../../../src-main/engine/engine';
import { readSummaries } from '../../../src-main/engine/journal/reader';
import { endClient, openClient, until } from '../../support/tcp';

const T0 = Date.UTC(2026, 10, 29, 12, 3, 0);
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-changes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function journal(range = {}): Promise<Summary[]> {
  const out: Summary[] = [];
  for await (const s of readSummaries(dir, range)) out.push(s);
  return out;
}

describe('settings changes under load', () => {
  it('never overlap windows: 60 → 5 → 1 → 60 s and event-time on and off, every event once, range reads exact', async () => {
    let now = T0 + 500;
    const engine = await Engine.open({ dataDir: dir, clock: () => now, log: () => {} });
    const state = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (state.state !== 'listening') throw new Error('not listening');
    const client = await openClient(state.port);
    // The sender writes for as long as the test runs, each write a batch of lines, so every
    // change lands between bursts of traffic already in flight.
    let sent = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) {
        const n = 250;
        const text = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `{"event":"j${i % 7}","ts":${now}}\n` : `p${i % 11}\n`)).join('');
        sent += n;
        await new Promise<void>((resolve, reject) => client.write(text, (err) => (err ? reject(err) : resolve())));
      }
    })();

    const changes: [number, Partial<Settings>][] = [
      [9, { window_seconds: 5 }],
      [21, { window_seconds: 1 }],
      [33, { event_time: true }],
      [47, { window_seconds: 60 }],
      [61, { event_time: false }],
      [75, { window_seconds: 5 }],
    ];
    for (let step = 1; step <= 90; step++) {
      await until(() => engine.status().totals.lines >= Math.min(sent, step * 200), 'traffic to arrive');
      now += 731;
      const change = changes.find(([at]) => at === step);
      if (change) engine.updateSettings(change[1]);
      engine.tick(now);
    }
    sending = false;
    await sender;
    await until(() => engine.status().totals.lines === sent, 'every line counted');
    await endClient(client);
    await engine.shutdown();

    const all = await journal();
    expect(all.length).toBeGreaterThan(20);
    for (let i = 1; i < all.length; i++) {
      expect(all[i].window_start, `window ${i}`).toBe(all[i - 1].window_end);
      expect(Date.parse(all[i].window_end)).toBeGreaterThan(Date.parse(all[i].window_start));
    }
    expect(all.reduce((n, s) => n + s.events + s.late, 0)).toBe(sent);
    // A window cut at a change says so, and its rate is over its real length.
    const cut = all.filter((s) => s.partial);
    expect(cut.length).toBeGreaterThanOrEqual(changes.length);

    for (let k = 0; k < 30; k++) {
      const a = all[(k * 7) % all.length].window_start;
      const b = all[(k * 13 + 5) % all.length].window_start;
      const [from, to] = a <= b ? [a, b] : [b, a];
      const mid = new Date(Date.parse(from) + 250).toISOString();
      for (const range of [{ from, to }, { from: mid, to }, { from }, { to }]) {
        const expected = all.filter((s) => (!range.from || s.window_start >= range.from) && (!range.to || s.window_start < range.to));
        expect(await journal(range), JSON.stringify(range)).toEqual(expected);
      }
    }
  });
});

// A node's outbox of closed partials (DESIGN §10), on real files in a temp folder: what is added
// comes back in order until acknowledged, survives a restart (NATS away), loses only a torn last
// record after a crash mid-write, and the files start over once everything is acknowledged.
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartialOutbox } from '../../../src-main/engine/cluster/partial-outbox';
import { decodePartial, encodePartial } from '../../../src-main/engine/window/partial-codec';
import { T0 } from '../../support/partial-streams';
import { lines, nodePartials } from './node-partials';

const W = 10_000;
let dir: string;
const open: PartialOutbox[] = [];
let warnings: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tallyline-outbox-'));
  warnings = [];
});
afterEach(() => {
  for (const o of open.splice(0)) o.close();
  rmSync(dir, { recursive: true, force: true });
});

function openOutbox(): PartialOutbox {
  const o = PartialOutbox.open(dir, (m) => warnings.push(m));
  open.push(o);
  return o;
}

function close(o: PartialOutbox): void {
  open.splice(open.indexOf(o), 1);
  o.close();
}

/** Real encoded partials of `n` consecutive windows, window k holding k + 1 events. */
function encodedWindows(n: number): { start: number; bytes: Uint8Array }[] {
  return Array.from({ length: n }, (_, k) => {
    const start = T0 + k * W;
    const [p] = nodePartials(lines(`e${k}`, k + 1, start + 100), { from: start, until: start + W, settings: { window_seconds: W / 1000 } });
    return { start, bytes: encodePartial(p!) };
  });
}

/** What the backlog holds: each entry's start, window size and decoded event count. */
function backlogOf(o: PartialOutbox): [number, number, number][] {
  return o.backlog.map((e) => [e.start_ms - T0, e.window_ms, decodePartial(o.read(e)).events]);
}

describe('PartialOutbox', () => {
  it('gives back what was added, oldest first, byte for byte, until each is acknowledged in order', () => {
    const o = openOutbox();
    const windows = encodedWindows(3);
    for (const w of windows) o.add(w.start, W, w.bytes);
    expect(o.backlog.map((e) => Buffer.from(o.read(e)))).toEqual(windows.map((w) => Buffer.from(w.bytes)));
    expect(backlogOf(o)).toEqual([
      [0, W, 1],
      [W, W, 2],
      [2 * W, W, 3],
    ]);
    // Only the oldest can be acknowledged (the stream acknowledges in publishing order).
    o.acknowledged(o.backlog[1]!);
    expect(o.backlog).toHaveLength(3);
    o.acknowledged(o.backlog[0]!);
    expect(backlogOf(o).map(([start]) => start)).toEqual([W, 2 * W]);
  });

  it('keeps the unacknowledged backlog across a reopen (a restart while NATS is away), and the sent offset with it', () => {
    const windows = encodedWindows(4);
    const first = openOutbox();
    for (const w of windows.slice(0, 3)) first.add(w.start, W, w.bytes);
    first.acknowledged(first.backlog[0]!);
    close(first);
    const second = openOutbox();
    expect(backlogOf(second)).toEqual([
      [W, W, 2],
      [2 * W, W, 3],
    ]);
    // It goes on from there: a new window after the old backlog, and acknowledging carries over again.
    second.add(windows[3]!.start, W, windows[3]!.bytes);
    second.acknowledged(second.backlog[0]!);
    close(second);
    const third = openOutbox();
    expect(backlogOf(third)).toEqual([
      [2 * W, W, 3],
      [3 * W, W, 4],
    ]);
    expect(warnings).toEqual([]);
  });

  it('cuts a torn last record off on open, with a warning, and keeps the records before it', () => {
    const windows = encodedWindows(3);
    const o = openOutbox();
    for (const w of windows) o.add(w.start, W, w.bytes);
    close(o);
    const file = join(dir, 'cluster-outbox.bin');
    const whole = statSync(file).size;
    // A crash in the middle of writing the third record.
    const torn = Math.floor(windows[2]!.bytes.length / 2);
    truncateSync(file, whole - torn);
    const reopened = openOutbox();
    expect(backlogOf(reopened)).toEqual([
      [0, W, 1],
      [W, W, 2],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`torn record of ${16 + windows[2]!.bytes.length - torn} bytes`));
    expect(statSync(file).size).toBe(whole - 16 - windows[2]!.bytes.length);
    // What is added after the cut is read back whole.
    reopened.add(windows[2]!.start, W, windows[2]!.bytes);
    close(reopened);
    expect(backlogOf(openOutbox()).map(([, , events]) => events)).toEqual([1, 2, 3]);
  });

  it('cuts a record torn inside its header too', () => {
    const windows = encodedWindows(2);
    const o = openOutbox();
    for (const w of windows) o.add(w.start, W, w.bytes);
    close(o);
    const file = join(dir, 'cluster-outbox.bin');
    truncateSync(file, 16 + windows[0]!.bytes.length + 7);
    expect(backlogOf(openOutbox())).toEqual([[0, W, 1]]);
    expect(warnings[0]).toMatch(/torn record of 7 bytes/);
  });

  it('starts both files over empty once everything is acknowledged', () => {
    const o = openOutbox();
    for (const w of encodedWindows(2)) o.add(w.start, W, w.bytes);
    o.acknowledged(o.backlog[0]!);
    expect(Number(readFileSync(join(dir, 'cluster-outbox.sent'), 'utf8'))).toBeGreaterThan(0);
    o.acknowledged(o.backlog[0]!);
    expect(o.backlog).toEqual([]);
    expect(statSync(join(dir, 'cluster-outbox.bin')).size).toBe(0);
    expect(readFileSync(join(dir, 'cluster-outbox.sent'), 'utf8')).toBe('0');
    // And works on from empty, across a reopen.
    const [w] = encodedWindows(1);
    o.add(w!.start, W, w!.bytes);
    close(o);
    expect(backlogOf(openOutbox())).toEqual([[0, W, 1]]);
  });

  it('after a crash between emptying the file and writing the sent offset, sends every record added since', () => {
    const windows = encodedWindows(5);
    const o = openOutbox();
    for (const w of windows.slice(0, 2)) o.add(w.start, W, w.bytes);
    o.acknowledged(o.backlog[0]!);
    const stale = readFileSync(join(dir, 'cluster-outbox.sent'), 'utf8');
    o.acknowledged(o.backlog[0]!);
    close(o);
    // The crash: the file was emptied, the offset of the first acknowledgement is still on disk.
    writeFileSync(join(dir, 'cluster-outbox.sent'), stale);
    const after = openOutbox();
    for (const w of windows.slice(2)) after.add(w.start, W, w.bytes);
    close(after);
    // NATS still away: the next start must find all three, not start reading inside one.
    expect(backlogOf(openOutbox()).map(([, , events]) => events)).toEqual([3, 4, 5]);
    expect(warnings).toEqual([]);
  });
});

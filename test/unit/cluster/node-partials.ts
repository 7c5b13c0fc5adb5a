// Real partials for the cluster tests: lines counted by a real Aggregator as a node would, with the
// time passed in, so a test can say "node a counted these lines, restarted at t, and went on".
import { LineParser } from '../../../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../../../src-main/engine/parse/parsed-event';
import { Aggregator } from '../../../src-main/engine/window/aggregator';
import type { WindowPartial } from '../../../src-main/engine/window/partial';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings';

export interface Line {
  at: number;
  text: string;
}

/**
 * The partials a node started at `from` closes for `lines`: every window up to `until` when it ran on
 * (`stop: false`), or, when it was stopped at `until`, the windows closed by that stop (the last one cut).
 */
export function nodePartials(
  lines: readonly Line[],
  opts: { from: number; until: number; stop?: boolean; settings?: Partial<Settings> },
): WindowPartial[] {
  const settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  // A restarted node starts its first window where it came up, not at the window's boundary.
  const agg = new Aggregator(settings, opts.from, opts.from);
  const parser = new LineParser();
  const ev = newParsedEvent();
  for (const line of lines) {
    const buf = Buffer.from(line.text);
    if (parser.parse(buf, 0, buf.length, ev) !== null) throw new Error(`not a line: ${line.text}`);
    agg.record(ev, line.at);
    agg.addBytes(buf.length + 1, line.at);
  }
  return opts.stop ? agg.flushAllPartials(opts.until) : agg.flushPartials(opts.until);
}

/** `n` lines of `name` (with user u0…u(n-1) and value i) from `at`, one every `stepMs`. */
export function lines(name: string, n: number, at: number, stepMs = 10): Line[] {
  return Array.from({ length: n }, (_, i) => ({ at: at + i * stepMs, text: `{"event":"${name}","user":"u${i}","value":${i}}` }));
}

import { describe, expect, it } from 'vitest';
import { eventNames, LineGenerator } from '../../../src-main/serve/traffic';

function take(gen: LineGenerator, n: number) {
  return Array.from({ length: n }, () => gen.next());
}

describe('eventNames', () => {
  it('gives k distinct names, readable first', () => {
    const names = eventNames(25);
    expect(names[0]).toBe('page_view');
    expect(new Set(names).size).toBe(25);
  });
});

describe('LineGenerator', () => {
  it('sends the same lines for the same seed and different ones for another', () => {
    const a = take(new LineGenerator({ names: 50, format: 'plain', seed: 7 }), 200).map((l) => l.text);
    const b = take(new LineGenerator({ names: 50, format: 'plain', seed: 7 }), 200).map((l) => l.text);
    const c = take(new LineGenerator({ names: 50, format: 'plain', seed: 8 }), 200).map((l) => l.text);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('skews towards the first names, so a demo has a clear top list', () => {
    const counts = new Array<number>(10).fill(0);
    for (const l of take(new LineGenerator({ names: 10, format: 'plain' }), 20_000)) counts[l.name]++;
    expect(counts[0]).toBeGreaterThan(counts[4]);
    expect(counts[4]).toBeGreaterThan(counts[9]);
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it('writes each format as one line naming the event it reports', () => {
    for (const format of ['plain', 'json', 'statsd'] as const) {
      const gen = new LineGenerator({ names: 3, format, now: () => 1764374400000 });
      for (const l of take(gen, 50)) {
        expect(l.text.endsWith('\n')).toBe(true);
        expect(l.text.slice(0, -1)).not.toContain('\n');
        const name = gen.names[l.name];
        if (format === 'plain') expect(l.text).toBe(`${name}\n`);
        if (format === 'statsd') expect(l.text).toBe(`${name}:1|c\n`);
        if (format === 'json')
          expect(JSON.parse(l.text)).toMatchObject({ event: name, ts: 1764374400000, user: expect.stringMatching(/^u\d+$/) });
      }
    }
  });

  it('refuses zero names', () => {
    expect(() => new LineGenerator({ names: 0, format: 'plain' })).toThrow(/at least 1/);
  });
});

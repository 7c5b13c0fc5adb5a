// Line generators for the benchmark: the same three formats the engine reads, with a chosen
// number of distinct event names. Blocks are built once and resent, so the sender stays cheap.
// timer and tagged are StatsD too: a timer with a value (`lat:123|ms`), and a timer with two tags
// whose values vary (8 routes, 50 hosts), for what per-event values and tags cost.
export type BenchFormat = 'plain' | 'statsd' | 'json' | 'timer' | 'tagged';

export function line(format: BenchFormat, name: string, i: number): string {
  switch (format) {
    case 'plain':
      return `${name}\n`;
    case 'statsd':
      return `${name}:${(i % 7) + 1}|c\n`;
    case 'json':
      return `{"event":"${name}","user":"u${i % 1000}","value":${i % 100}}\n`;
    case 'timer':
      return `${name}:${(i * 37) % 1000}|ms\n`;
    case 'tagged':
      return `${name}:${(i * 37) % 1000}|ms|#route:/r${i % 8},host:h${i % 50}\n`;
  }
}

/** Event name number i of a set of `names` distinct ones. */
export function nameOf(i: number, names: number): string {
  return `event.${(i % names).toString(36)}`;
}

/** A block of `count` whole lines starting at line number `from`. */
export function block(format: BenchFormat, names: number, from: number, count: number): Buffer {
  const parts: string[] = [];
  for (let i = from; i < from + count; i++) parts.push(line(format, nameOf(i, names), i));
  return Buffer.from(parts.join(''));
}

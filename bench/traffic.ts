// Line generators for the benchmark: the same three formats the engine reads, with a chosen
// number of distinct event names. Blocks are built once and resent, so the sender stays cheap.
export type BenchFormat = 'plain' | 'statsd' | 'json';

export function line(format: BenchFormat, name: string, i: number): string {
  switch (format) {
    case 'plain':
      return `${name}\n`;
    case 'statsd':
      return `${name}:${(i % 7) + 1}|c\n`;
    case 'json':
      return `{"event":"${name}","user":"u${i % 1000}","value":${i % 100}}\n`;
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

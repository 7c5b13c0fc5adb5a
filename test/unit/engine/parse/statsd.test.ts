// StatsD as StatsD does it: every line of Etsy statsd's protocol (docs/metric_types.md, and what
// its packet check `is_valid_packet` lets through) is taken, never rejected, with the count and
// value Etsy would give it. Where Etsy goes further than DESIGN §2 allows (a type letter it does
// not know is a counter to it, a rate of 0 divides by zero, `Infinity` and hex are "numbers"),
// Tallyline still rejects: those are typos or overflows, and saying so is the point of a reject.
import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../../src-shared/types';
import { LineParser, SKIP } from '../../../../src-main/engine/parse/line-parser';
import { newParsedEvent } from '../../../../src-main/engine/parse/parsed-event';

interface Read {
  name: string;
  count: number;
  value: number;
  user: string | null;
}

/** Every event (or reject) a line gives, as Ingest takes them. */
function read(line: string): (Read | RejectReason)[] {
  const parser = new LineParser();
  const out = newParsedEvent();
  const buf = Buffer.from(line);
  const take = (r: RejectReason | typeof SKIP | null): Read | RejectReason =>
    r === null
      ? {
          name: out.nameBuf.toString('utf8', out.nameStart, out.nameEnd),
          count: out.count,
          value: out.value,
          user: out.userStart < 0 ? null : out.userBuf.toString('utf8', out.userStart, out.userEnd),
        }
      : (r as RejectReason);
  const all = [take(parser.parse(buf, 0, buf.length, out))];
  while (parser.hasMore) all.push(take(parser.parseMore(buf, out)));
  return all;
}

const ev = (name: string, count: number, value = NaN, user: string | null = null): Read => ({ name, count, value, user });

describe('Etsy statsd lines', () => {
  it.each<[string, Read[]]>([
    ['gorets:1|c', [ev('gorets', 1, 1)]],
    ['gorets:1|c|@0.1', [ev('gorets', 10, 10)]],
    // "Counter values can be positive or negative": a decrement is an occurrence that lowers the counter.
    ['gorets:-1|c', [ev('gorets', 1, -1)]],
    ['gorets:-2|c|@0.5', [ev('gorets', 4, -4)]],
    ['gorets:+3|c', [ev('gorets', 3, 3)]],
    // Any positive rate (is_valid_packet checks only that it is a number without a minus).
    ['gorets:1|c|@2', [ev('gorets', 0.5, 0.5)]],
    ['glork:320|ms', [ev('glork', 1, 320)]],
    // "If there is a sample rate, the count is magnified by 1/rate" for timers too.
    ['glork:320|ms|@0.1', [ev('glork', 10, 320)]],
    ['glork:3.5|ms', [ev('glork', 1, 3.5)]],
    ['gaugor:333|g', [ev('gaugor', 1, 333)]],
    ['gaugor:-10|g', [ev('gaugor', 1, -10)]],
    ['gaugor:+4|g', [ev('gaugor', 1, 4)]],
    ['gaugor:1.5e3|g', [ev('gaugor', 1, 1500)]],
    ['uniques:765|s', [ev('uniques', 1, NaN, '765')]],
    // Values as Etsy's isNumber reads them.
    ['gorets:.5|c', [ev('gorets', 0.5, 0.5)]],
    ['gorets:5.|c', [ev('gorets', 5, 5)]],
    ['gorets:1e3|c', [ev('gorets', 1000, 1000)]],
    ['gorets:007|c', [ev('gorets', 7, 7)]],
    // Several values of one key in a line: Etsy splits the line on `:`.
    ['gorets:1|c:2|c|@0.5:3|ms', [ev('gorets', 1, 1), ev('gorets', 4, 4), ev('gorets', 1, 3)]],
    // A key alone is a count of one (ours: a plain event).
    ['gorets', [ev('gorets', 1)]],
    // Fields past the rate are not read by Etsy; nor by us.
    ['gorets:1|c|@0.5|whatever', [ev('gorets', 2, 2)]],
    ['a.b-c_d/e:1|c', [ev('a.b-c_d/e', 1, 1)]],
  ])('takes %s', (line, expected) => {
    expect(read(line)).toEqual(expected);
  });

  it('takes a multi-metric packet line by line (each line of a datagram is read like this)', () => {
    const packet = 'gorets:1|c\nglork:320|ms\ngaugor:333|g\nuniques:765|s';
    expect(packet.split('\n').flatMap(read)).toEqual([
      ev('gorets', 1, 1),
      ev('glork', 1, 320),
      ev('gaugor', 1, 333),
      ev('uniques', 1, NaN, '765'),
    ]);
  });

  it.each<[string, RejectReason]>([
    // Etsy counts these as counters; DESIGN §2 rejects a type it does not know, which is how a typo is caught.
    ['gorets:1|x', 'invalid_statsd_type'],
    ['gorets:1|cc', 'invalid_statsd_type'],
    // Etsy divides by a rate of 0; an infinite count is refused.
    ['gorets:1|c|@0', 'invalid_statsd_rate'],
    ['gorets:Infinity|c', 'invalid_statsd_value'],
    ['gorets:0x10|c', 'invalid_statsd_value'],
  ])('still rejects %s (%s), where Etsy is laxer than DESIGN §2', (line, reason) => {
    expect(read(line)).toEqual([reason]);
  });
});

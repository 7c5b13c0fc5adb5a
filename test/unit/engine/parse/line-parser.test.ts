import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LineFormat, RejectReason } from '../../../../src-shared/types';
import { hashLo } from '../../../../src-main/engine/sketch/hash';
import { LineParser, SKIP } from '../../../../src-main/engine/parse/line-parser';
import { newParsedEvent, type ParsedEvent } from '../../../../src-main/engine/parse/parsed-event';

interface Expected {
  name: string;
  count?: number;
  ts?: number;
  user?: string | null;
  value?: number;
}

/** Parses one line placed in the middle of a larger buffer, so that start/end offsets are exercised. */
function run(
  line: string | Buffer,
  format: LineFormat = 'auto',
  parser = new LineParser(format),
): { result: ReturnType<LineParser['parse']>; out: ParsedEvent } {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const buf = Buffer.concat([Buffer.from('xx:1|c\n'), bytes, Buffer.from('\n{"event":"y"}')]);
  const out = newParsedEvent();
  const result = parser.parse(buf, 7, 7 + bytes.length, out);
  // Every event comes with its name's hash, whichever way the parser found it.
  if (result === null) expect(parser.nameHash, String(line)).toBe(hashLo(out.nameBuf, out.nameStart, out.nameEnd));
  return { result, out };
}

function eventOf(out: ParsedEvent): Required<Expected> {
  return {
    name: out.nameBuf.toString('utf8', out.nameStart, out.nameEnd),
    count: out.count,
    ts: out.ts,
    user: out.userStart < 0 ? null : out.userBuf.toString('utf8', out.userStart, out.userEnd),
    value: out.value,
  };
}

function expectEvent(line: string | Buffer, expected: Expected, format: LineFormat = 'auto'): void {
  const { result, out } = run(line, format);
  expect(result, String(line)).toBeNull();
  expect(eventOf(out), String(line)).toEqual({ count: 1, ts: NaN, user: null, value: NaN, ...expected });
}

function expectReject(line: string | Buffer, reason: RejectReason | typeof SKIP, format: LineFormat = 'auto'): void {
  expect(run(line, format).result, String(line)).toBe(reason);
}

const TS_2025_11_29 = Date.UTC(2025, 10, 29);

describe('LineParser: name hash', () => {
  it('gives hashLo of the name with every event, in every format and whatever the name', () => {
    const nameChar = fc.constantFrom('a', 'b', '.', ':', '|', ' ', '\t', 'é', '日', '\\', '"', '{', '@', '#', '1');
    const name = fc.array(nameChar, { minLength: 1, maxLength: 14 }).map((cs) => cs.join(''));
    const line = fc.oneof(
      name,
      name.map((n) => `${n}:${n.length}|c`),
      name.map((n) => `  ${n}:1|s|#t:v`),
      name.map((n) => JSON.stringify({ event: n, user: n })),
      name.map((n) => `{"event":"${n.replace(/[\\"]/g, '\\u0041')}"}`),
    );
    fc.assert(
      fc.property(line, fc.constantFrom<LineFormat>('auto', 'plain', 'statsd', 'json'), (text, format) => {
        run(text, format); // run() checks the hash of every event
      }),
      { numRuns: 2000 },
    );
  });
});

describe('LineParser: plain lines', () => {
  it.each([
    ['signup', 'signup'],
    ['  user logged in \t', 'user logged in'],
    ['error: disk full | x', 'error: disk full | x'],
    ['a:b', 'a:b'],
    ['a:1', 'a:1'],
    ['a:1 |c', 'a:1 |c'],
    [':1|c', ':1|c'],
    ['a|b:c', 'a|b:c'],
    ['café crème', 'café crème'],
    ['[1,2]', '[1,2]'],
    ['"quoted"', '"quoted"'],
  ])('reads %j as the event %j with count 1', (line, name) => {
    expectEvent(line, { name });
  });

  it.each(['', '   ', '\t \r', '\v\f'])('skips the whitespace-only line %j', (line) => {
    expectReject(line, SKIP);
  });

  it('reads any line as a name when plain is forced, even JSON and StatsD', () => {
    expectEvent('{"event":"x"}', { name: '{"event":"x"}' }, 'plain');
    expectEvent(' a:1|c ', { name: 'a:1|c' }, 'plain');
    expectReject('  ', SKIP, 'plain');
  });
});

describe('LineParser: JSON lines', () => {
  it('reads the DESIGN §2 example', () => {
    expectEvent('{"event": "signup", "ts": 1764374400000, "user": "u42", "value": 3.5, "tags": {"plan": "pro"}}', {
      name: 'signup',
      ts: 1764374400000,
      user: 'u42',
      value: 3.5,
    });
  });

  it.each<[string, Expected]>([
    ['{"event":"a"}', { name: 'a' }],
    ['  {"event":"a"}  ', { name: 'a' }],
    ['{ "event" : "a" , "other" : [1, {"x": [true, false, null]}, "s", -0.5e+3] }', { name: 'a' }],
    ['{"ts":"2025-11-29T00:00:00Z","event":"a"}', { name: 'a', ts: TS_2025_11_29 }],
    ['{"event":"a","ts":"2025-11-29T00:00:00.123+01:00"}', { name: 'a', ts: TS_2025_11_29 + 123 - 3_600_000 }],
    ['{"event":"a","ts":"2025-11-29"}', { name: 'a', ts: TS_2025_11_29 }],
    ['{"event":"a","user":null,"value":null,"ts":null,"tags":null}', { name: 'a' }],
    ['{"event":"a","ts":1.5e12}', { name: 'a', ts: 1.5e12 }],
    // Below 10^11 a number is epoch seconds (what `date +%s` prints), above it milliseconds.
    ['{"event":"a","ts":1764641892}', { name: 'a', ts: 1764641892000 }],
    ['{"event":"a","ts":1764641892.25}', { name: 'a', ts: 1764641892250 }],
    ['{"event":"a","ts":99999999999}', { name: 'a', ts: 99999999999000 }],
    ['{"event":"a","ts":100000000000}', { name: 'a', ts: 100000000000 }],
    ['{"event":"a","ts":1764641892000}', { name: 'a', ts: 1764641892000 }],
    ['{"event":"a","user":42}', { name: 'a', user: '42' }],
    ['{"event":"a","user":-4.20e1}', { name: 'a', user: '-4.20e1' }],
    ['{"event":"a","user":""}', { name: 'a', user: null }],
    ['{"event":"a","value":-0.25}', { name: 'a', value: -0.25 }],
    ['{"event":"a","tags":{}}', { name: 'a' }],
    ['{"event":"a","tags":{"k":"v","k2":"w"}}', { name: 'a' }],
    ['{"event":"first","event":"last"}', { name: 'last' }],
    ['{"event":7,"event":"fixed"}', { name: 'fixed' }],
    ['{"event":"a","value":"bad","value":1}', { name: 'a', value: 1 }],
    ['{"unknown":{"event":"nested"},"event":"top"}', { name: 'top' }],
    // Keys that start like known ones but are not: recognised by their closing quote.
    ['{"events":"no","event":"yes","eventx":"no"}', { name: 'yes' }],
    ['{"event":"a","users":"no","use":"no","tsx":1,"t":2,"tag":{"k":1},"tagsy":3,"valued":"x","v":"y"}', { name: 'a' }],
    ['{"event":"a","e":1,"u":2,"":3}', { name: 'a' }],
  ])('reads %s', (line, expected) => {
    expectEvent(line, expected);
  });

  it.each<[string, Expected]>([
    ['{"event":"say \\"hi\\""}', { name: 'say "hi"' }],
    ['{"event":"back\\\\slash\\/"}', { name: 'back\\slash/' }],
    ['{"event":"line\\nbreak\\ttab\\b\\f\\r"}', { name: 'line\nbreak\ttab\b\f\r' }],
    ['{"event":"caf\\u00e9"}', { name: 'café' }],
    ['{"event":"\\u20AC and \\ud83d\\ude00"}', { name: '€ and 😀' }],
    ['{"event":"café 😀 raw"}', { name: 'café 😀 raw' }],
    ['{"\\u0065vent":"escaped key"}', { name: 'escaped key' }],
    ['{"event":"a","user":"\\u00fcser"}', { name: 'a', user: 'üser' }],
    ['{"event":"a","ts":"2025-11-29T00:00:00\\u005A"}', { name: 'a', ts: TS_2025_11_29 }],
  ])('decodes the escapes of %s', (line, expected) => {
    expectEvent(line, expected);
  });

  it('points the name at the line when it has no escapes, and at a reused scratch buffer when it has', () => {
    const parser = new LineParser();
    const plain = run('{"event":"abc"}', 'auto', parser);
    expect(plain.out.nameBuf.toString('utf8', plain.out.nameStart - 2, plain.out.nameEnd + 2)).toBe(':"abc"}');
    const first = run('{"event":"a\\nb"}', 'auto', parser).out.nameBuf;
    const second = run('{"event":"c\\nd"}', 'auto', parser).out;
    expect(second.nameBuf).toBe(first);
    expect(eventOf(second).name).toBe('c\nd');
  });

  it.each<[string, RejectReason]>([
    ['{', 'invalid_json'],
    ['{"event', 'invalid_json'],
    ['{"event"', 'invalid_json'],
    ['{"ts"', 'invalid_json'],
    ['{"event":"a","tags"', 'invalid_json'],
    ['{}x', 'invalid_json'],
    ['{"event":"a"} {"event":"b"}', 'invalid_json'],
    ['{"event":"a",}', 'invalid_json'],
    ['{"event":"a"]', 'invalid_json'],
    ['{"event":"a","x":[1}', 'invalid_json'],
    ['{"event":"a" "x":1}', 'invalid_json'],
    ["{'event':'a'}", 'invalid_json'],
    ['{event:"a"}', 'invalid_json'],
    ['{"event":"a","x":01}', 'invalid_json'],
    ['{"event":"a","x":1.}', 'invalid_json'],
    ['{"event":"a","x":+1}', 'invalid_json'],
    ['{"event":"a","x":.5}', 'invalid_json'],
    ['{"event":"a","x":1e}', 'invalid_json'],
    ['{"event":"a","x":tru}', 'invalid_json'],
    ['{"event":"a","x":NaN}', 'invalid_json'],
    ['{"event":"a","x":[1,]}', 'invalid_json'],
    ['{"event":"a","x":[1 2]}', 'invalid_json'],
    ['{"event":"a","x":{"k" 1}}', 'invalid_json'],
    ['{"event":"a","x":{"k":1]}', 'invalid_json'],
    ['{"event":"a","x":[[[[1]]]}', 'invalid_json'],
    ['{"event":"a\\x"}', 'invalid_json'],
    ['{"event":"a\\u12G4"}', 'invalid_json'],
    ['{"event":"tab\tinside"}', 'invalid_json'],
    ['{"event":"unterminated}', 'invalid_json'],
    ['{"event":"a","tags":{"k":"v",}}', 'invalid_json'],
    ['{"event":"a","tags":{"k":"v"}', 'invalid_json'],
    ['{}', 'missing_event'],
    ['{"name":"a"}', 'missing_event'],
    ['{"event":1}', 'missing_event'],
    ['{"event":null}', 'missing_event'],
    ['{"event":["a"]}', 'missing_event'],
    ['{"event":"a","event":2}', 'missing_event'],
    ['{"event":""}', 'empty_name'],
    ['{"event":"a","ts":"yesterday"}', 'invalid_field'],
    ['{"event":"a","ts":"2025-11-29T00:00:00"}', 'invalid_field'],
    ['{"event":"a","ts":"2025-02-30T00:00:00Z"}', 'invalid_field'],
    ['{"event":"a","ts":"2025-11-29T24:00:00Z"}', 'invalid_field'],
    ['{"event":"a","ts":true}', 'invalid_field'],
    ['{"event":"a","ts":1e999}', 'invalid_field'],
    ['{"event":"a","user":true}', 'invalid_field'],
    ['{"event":"a","user":{"id":1}}', 'invalid_field'],
    ['{"event":"a","value":"3.5"}', 'invalid_field'],
    ['{"event":"a","value":1e400}', 'invalid_field'],
    ['{"event":"a","tags":["pro"]}', 'invalid_field'],
    ['{"event":"a","tags":{"n":1}}', 'invalid_field'],
    ['{"event":"a","tags":{"k":"v","n":{"x":"y"}}}', 'invalid_field'],
    ['{"event":"\\ud800"}', 'invalid_utf8'],
    ['{"event":"\\udc00x"}', 'invalid_utf8'],
    ['{"event":"a","user":"\\ud83d"}', 'invalid_utf8'],
  ])('rejects %s as %s', (line, reason) => {
    expectReject(line, reason);
  });

  it('rejects invalid UTF-8 in the name or the user, raw or next to escapes', () => {
    const wrap = (prefix: string, bad: number[], suffix: string) =>
      Buffer.concat([Buffer.from(prefix), Buffer.from(bad), Buffer.from(suffix)]);
    expectReject(wrap('{"event":"a', [0xff], 'b"}'), 'invalid_utf8');
    expectReject(wrap('{"event":"a\\n', [0xc3], '"}'), 'invalid_utf8');
    expectReject(wrap('{"event":"a","user":"', [0xe2, 0x82], '"}'), 'invalid_utf8');
    expectReject(wrap('{"event":"a","user":"\\t', [0xed, 0xa0, 0x80], '"}'), 'invalid_utf8');
    // Other strings are not the engine's business: their bytes are not checked.
    expectEvent(wrap('{"event":"a","note":"', [0xff], '"}'), { name: 'a' });
  });

  it('validates deeply nested values without overflowing the stack', () => {
    const depth = 100_000;
    expectEvent(`{"event":"deep","x":${'['.repeat(depth)}${']'.repeat(depth)}}`, { name: 'deep' });
    expectReject(`{"event":"deep","x":${'['.repeat(depth)}${']'.repeat(depth - 1)}}`, 'invalid_json');
  });

  it('reads JSON only as JSON when forced, and anything else as invalid_json', () => {
    expectEvent('{"event":"a"}', { name: 'a' }, 'json');
    expectReject('signup', 'invalid_json', 'json');
    expectReject('a:1|c', 'invalid_json', 'json');
    expectReject('[{"event":"a"}]', 'invalid_json', 'json');
    expectReject(' \t', SKIP, 'json');
  });
});

describe('LineParser: StatsD lines', () => {
  it.each<[string, Expected]>([
    // A counter's step/rate is its occurrences, and (signed) its value.
    ['page.view:1|c', { name: 'page.view', count: 1, value: 1 }],
    ['a:3|c|@0.5', { name: 'a', count: 6, value: 6 }],
    ['a:3|c|@1', { name: 'a', count: 3, value: 3 }],
    ['a:0|c', { name: 'a', count: 0, value: 0 }],
    ['a:2.5|c', { name: 'a', count: 2.5, value: 2.5 }],
    ['a:1e2|c', { name: 'a', count: 100, value: 100 }],
    ['a:1|c|#env:prod,region:eu', { name: 'a', count: 1, value: 1 }],
    ['a:1|c|@0.25|#env:prod', { name: 'a', count: 4, value: 4 }],
    ['a:1|c|#env:prod|@0.25', { name: 'a', count: 4, value: 4 }],
    // A decrement (hot-shots' `decrement`): one occurrence that takes one off the counter.
    ['a:-1|c', { name: 'a', count: 1, value: -1 }],
    ['a:-3|c|@0.5', { name: 'a', count: 6, value: -6 }],
    ['a:-0|c', { name: 'a', count: 0, value: -0 }],
    // Etsy statsd takes rates over 1 too; and sections past the type it does not know.
    ['a:3|c|@1.5', { name: 'a', count: 2, value: 2 }],
    ['a:1|c|x', { name: 'a', count: 1, value: 1 }],
    ['a:1|c|#env:prod|c:container-7|T1700000000', { name: 'a', count: 1, value: 1 }],
    ['temp:21.5|g', { name: 'temp', value: 21.5 }],
    ['temp:-3|g', { name: 'temp', value: -3 }],
    ['temp:+4|g', { name: 'temp', value: 4 }],
    ['temp:-3|g|@0.5', { name: 'temp', value: -3 }],
    ['req.time:320|ms', { name: 'req.time', value: 320 }],
    // A sampled timer stands for 1/rate measurements; a gauge ignores the rate.
    ['req.time:320|ms|@0.1', { name: 'req.time', count: 10, value: 320 }],
    ['size:7|h|@0.5', { name: 'size', count: 2, value: 7 }],
    ['size:1.25e3|h', { name: 'size', value: 1250 }],
    ['lat:0.004|d|#host:a', { name: 'lat', value: 0.004 }],
    ['users:u42|s', { name: 'users', user: 'u42' }],
    ['users:a:b|s', { name: 'users', user: 'a:b' }],
    ['users:élodie|s', { name: 'users', user: 'élodie' }],
    ['  a:1|c  ', { name: 'a', count: 1, value: 1 }],
    ['café:1|c', { name: 'café', count: 1, value: 1 }],
  ])('reads %s', (line, expected) => {
    expectEvent(line, expected);
  });

  it.each<[string, RejectReason]>([
    ['a:1|x', 'invalid_statsd_type'],
    ['a:1|C', 'invalid_statsd_type'],
    ['a:1|', 'invalid_statsd_type'],
    ['a:1|cc', 'invalid_statsd_type'],
    ['a:1|c|', 'invalid_statsd_type'],
    ['a:1|c |#t', 'invalid_statsd_type'],
    ['a:x|c', 'invalid_statsd_value'],
    ['a:1e999|c', 'invalid_statsd_value'],
    ['a:1e308|c|@0.5', 'invalid_statsd_value'],
    ['a:1|c|@1e-320', 'invalid_statsd_value'],
    ['a:Infinity|g', 'invalid_statsd_value'],
    ['a:NaN|ms', 'invalid_statsd_value'],
    ['a:0x10|h', 'invalid_statsd_value'],
    ['a:1.2.3|d', 'invalid_statsd_value'],
    ['a:1e|g', 'invalid_statsd_value'],
    ['a:.|g', 'invalid_statsd_value'],
    ['a:1|c|@0', 'invalid_statsd_rate'],
    ['a:1|c|@-0.5', 'invalid_statsd_rate'],
    ['a:1|c|@', 'invalid_statsd_rate'],
    ['a:1|c|@x', 'invalid_statsd_rate'],
    ['a:1|c|@0.5|@0.5', 'invalid_statsd_rate'],
  ])('rejects %s as %s', (line, reason) => {
    expectReject(line, reason);
  });

  it('rejects invalid UTF-8 in the name or in a set value', () => {
    expectReject(Buffer.from([0x61, 0xff, 0x3a, 0x31, 0x7c, 0x63]), 'invalid_utf8');
    expectReject(Buffer.from([0x61, 0x3a, 0xc3, 0x7c, 0x73]), 'invalid_utf8');
  });

  it('reads StatsD only as StatsD when forced, and a line of another shape as invalid_statsd_value', () => {
    expectEvent('a:1|c', { name: 'a', count: 1, value: 1 }, 'statsd');
    expectReject('signup', 'invalid_statsd_value', 'statsd');
    expectReject('error: disk full | x', 'invalid_statsd_value', 'statsd');
    expectReject('{"event":"a"}', 'invalid_statsd_value', 'statsd');
    expectEvent('{"a":1|c', { name: '{"a"', count: 1, value: 1 }, 'statsd');
  });
});

describe('LineParser: auto-detection', () => {
  it('never reads a broken JSON or StatsD line as plain text', () => {
    expectReject('{not json', 'invalid_json');
    expectReject('{"event":"a"', 'invalid_json');
    expectReject('a:1|bogus', 'invalid_statsd_type');
    expectReject('a:one|c', 'invalid_statsd_value');
  });

  it('reads a line as the format its shape names, whatever the line', () => {
    const auto = new LineParser('auto');
    const forced = { json: new LineParser('json'), statsd: new LineParser('statsd'), plain: new LineParser('plain') };
    const alphabet = fc.constantFrom('a', 'é', '1', '.', '-', ':', '|', '@', '#', 'c', 'g', 's', 'm', '{', '}', '"', ' ', '\t');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 14 }), (line) => {
        const trimmed = line.trim();
        const format = trimmed.startsWith('{') ? 'json' : /^[^:|\s]+:[^|\s]+\|/.test(trimmed) ? 'statsd' : 'plain';
        const a = run(line, 'auto', auto);
        const f = run(line, 'auto', forced[format]);
        expect(a.result).toBe(f.result);
        if (a.result === null) expect(eventOf(a.out)).toEqual(eventOf(f.out));
      }),
      { numRuns: 5000 },
    );
  });

  it('follows a format changed between lines', () => {
    const parser = new LineParser();
    expect(run('a:1|c', 'auto', parser).result).toBeNull();
    parser.format = 'plain';
    expect(parser.format).toBe('plain');
    const { result, out } = run('a:1|c', 'auto', parser);
    expect(result).toBeNull();
    expect(eventOf(out).count).toBe(1);
    expect(eventOf(out).name).toBe('a:1|c');
  });
});

describe('LineParser: name length', () => {
  it('defaults to 256 characters', () => {
    expect(new LineParser().limits.maxNameChars).toBe(256);
    expectEvent('x'.repeat(256), { name: 'x'.repeat(256) });
    expectReject('x'.repeat(257), 'name_too_long');
  });

  it('counts characters (code points), not bytes, in every format', () => {
    const parser = new LineParser('auto', { maxNameChars: 3 });
    const cases: Array<[string, RejectReason | null]> = [
      ['é😀€', null],
      ['é😀€a', 'name_too_long'],
      ['é😀€:1|c', null],
      ['é😀€a:1|c', 'name_too_long'],
      ['{"event":"é😀€"}', null],
      ['{"event":"\\u00e9\\ud83d\\ude00\\u20ac"}', null],
      ['{"event":"é😀€a"}', 'name_too_long'],
      ['{"event":"ab\\nc"}', 'name_too_long'],
      ['abc', null],
      ['abcd', 'name_too_long'],
    ];
    for (const [line, reason] of cases) expect(run(line, 'auto', parser).result, line).toBe(reason);
  });

  it('applies a limit changed between lines', () => {
    const parser = new LineParser();
    parser.limits.maxNameChars = 2;
    expect(run('abc', 'auto', parser).result).toBe('name_too_long');
  });
});

describe('LineParser: the out-object', () => {
  it('resets every field on each parse, so nothing leaks from the line before', () => {
    const parser = new LineParser();
    const out = newParsedEvent();
    const full = Buffer.from('{"event":"a","ts":5,"user":"u","value":2}');
    expect(parser.parse(full, 0, full.length, out)).toBeNull();
    const bare = Buffer.from('b');
    expect(parser.parse(bare, 0, 1, out)).toBeNull();
    expect(eventOf(out)).toEqual({ name: 'b', count: 1, ts: NaN, user: null, value: NaN });
    expect(out.userStart).toBe(-1);
    expect(out.userEnd).toBe(-1);
    const rejected = Buffer.from('{"event":"c","user":"v","ts":true}');
    expect(parser.parse(rejected, 0, rejected.length, out)).toBe('invalid_field');
    const again = Buffer.from('d:1|ms');
    expect(parser.parse(again, 0, again.length, out)).toBeNull();
    expect(eventOf(out)).toEqual({ name: 'd', count: 1, ts: NaN, user: null, value: 1 });
  });
});

describe('LineParser: JSON lines against JSON.parse', () => {
  /** No lone UTF-16 surrogates, so the string has a UTF-8 form (String#isWellFormed is ES2024, beyond our lib). */
  const wellFormed = (s: string) => /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(s);

  // The reference reading of DESIGN §2, in the order the parser checks.
  function reference(text: string): { reason: RejectReason } | { event: Required<Expected> } {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { reason: 'invalid_json' };
    }
    // An optional field that is null is not there, as if left out.
    for (const key of ['ts', 'user', 'value', 'tags']) if (obj[key] === null) delete obj[key];
    const { event, ts, user, value, tags } = obj;
    if (typeof event !== 'string') return { reason: 'missing_event' };
    const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    // A number ts below 10^11 is seconds: one that overflows as milliseconds is no time.
    const tsNum = isNum(ts) && Number.isFinite((ts as number) < 1e11 ? (ts as number) * 1000 : (ts as number));
    if ('ts' in obj && !tsNum && !(typeof ts === 'string' && Number.isFinite(Date.parse(ts)) && /Z$/.test(ts)))
      return { reason: 'invalid_field' };
    if ('value' in obj && !isNum(value)) return { reason: 'invalid_field' };
    const tagsOk =
      typeof tags === 'object' && tags !== null && !Array.isArray(tags) && Object.values(tags).every((v) => typeof v === 'string');
    if ('tags' in obj && !tagsOk) return { reason: 'invalid_field' };
    if ('user' in obj && typeof user !== 'string' && typeof user !== 'number') return { reason: 'invalid_field' };
    if (event === '') return { reason: 'empty_name' };
    if (typeof user === 'string' && !wellFormed(user)) return { reason: 'invalid_utf8' };
    if (!wellFormed(event)) return { reason: 'invalid_utf8' };
    if ([...event].length > 256) return { reason: 'name_too_long' };
    return {
      event: {
        name: event,
        count: 1,
        // A number below 10^11 is epoch seconds.
        ts: ts === undefined ? NaN : typeof ts === 'number' ? (ts < 1e11 ? ts * 1000 : ts) : Date.parse(ts as string),
        user: user === undefined || user === '' ? null : String(user),
        value: value === undefined ? NaN : (value as number),
      },
    };
  }

  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\n', '😀', '\ud800', '\udc00'), maxLength: 8 }),
    fc.constantFrom('x'.repeat(257), 'é'.repeat(256), '😀'.repeat(257)),
  );
  const anyValue = fc.oneof(
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.dictionary(text, text, { maxKeys: 2 }),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const object = fc.record(
    {
      event: fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: anyValue }),
      ts: fc.oneof(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()),
        anyValue,
      ),
      user: fc.oneof(text, fc.integer(), anyValue),
      value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), anyValue),
      tags: fc.oneof(fc.dictionary(text, text, { maxKeys: 3 }), anyValue),
      other: anyValue,
    },
    { requiredKeys: [] },
  );

  it('agrees with a JSON.parse reading on generated objects, compact or indented', () => {
    const parser = new LineParser();
    fc.assert(
      fc.property(object, fc.boolean(), (obj, indented) => {
        const line = JSON.stringify(obj, null, indented ? 1 : undefined).replace(/\n/g, indented ? ' \t' : '');
        const expected = reference(line);
        const { result, out } = run(line, 'auto', parser);
        if ('reason' in expected) expect(result).toBe(expected.reason);
        else {
          expect(result).toBeNull();
          expect(eventOf(out)).toEqual(expected.event);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects exactly the damaged lines that JSON.parse refuses as invalid_json', () => {
    const parser = new LineParser('json');
    fc.assert(
      fc.property(
        object,
        fc.nat(),
        fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', '-', '.', '0', 'x', ' '),
        (obj, at, piece) => {
          const good = JSON.stringify({ event: 'e', ...obj });
          const k = 1 + (at % good.length);
          const line = good.slice(0, k) + piece + good.slice(k + 1);
          const expected = reference(line);
          expect(run(line, 'json', parser).result === 'invalid_json').toBe('reason' in expected && expected.reason === 'invalid_json');
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('LineParser: several values in one StatsD line (as Etsy statsd reads `name:1|c:2|ms`)', () => {
  function values(line: string): (RejectReason | { count: number; value: number })[] {
    const parser = new LineParser();
    const buf = Buffer.from(line);
    const out = newParsedEvent();
    const first = parser.parse(buf, 0, buf.length, out);
    const take = (r: RejectReason | typeof SKIP | null) => (r === null ? { count: out.count, value: out.value } : (r as RejectReason));
    const all = [take(first)];
    while (parser.hasMore) {
      all.push(take(parser.parseMore(buf, out)));
      expect(out.nameBuf.toString('utf8', out.nameStart, out.nameEnd)).toBe('a');
    }
    return all;
  }

  it('reads each value of the name with its own type and rate', () => {
    expect(values('a:1|c:2|c')).toEqual([
      { count: 1, value: 1 },
      { count: 2, value: 2 },
    ]);
    expect(values('a:1|c|@0.5:320|ms')).toEqual([
      { count: 2, value: 2 },
      { count: 1, value: 320 },
    ]);
  });

  it('rejects a bad value on its own, keeping the others; tags end the line (their colons are theirs)', () => {
    expect(values('a:1|c:x|c:3|g')).toEqual([{ count: 1, value: 1 }, 'invalid_statsd_value', { count: 1, value: 3 }]);
    expect(values('a:1|c:2')).toEqual([{ count: 1, value: 1 }, 'invalid_statsd_type']);
    expect(values('a:1|c|#env:prod:eu')).toEqual([{ count: 1, value: 1 }]);
  });

  it('has no more values after a plain or JSON line, or a StatsD line whose name is bad', () => {
    for (const line of ['signup', '{"event":"a"}', `${'n'.repeat(300)}:1|c:2|c`]) {
      const parser = new LineParser();
      const buf = Buffer.from(line);
      parser.parse(buf, 0, buf.length, newParsedEvent());
      expect(parser.hasMore, line).toBe(false);
    }
  });
});

// A busy connection read by every thread (Connection.spread, DESIGN §9), through the real engine,
// real sockets and real worker threads: each chunk's whole lines go to a helper, its ends to the
// connection's home, and the records are exactly those of one thread; lines of a gauge stay at home,
// where its levels and moves keep their order.
import { describe, expect, it } from 'vitest';
import { EVERY_CHUNK, linesOf, poolOf, replay, start, type Run } from '../../../support/ingest-replay';
import { endClient, openClient, until, writeChunks } from '../../../support/tcp';

const GAUGE_LINE = /\|g$/;

/** Ten of linesOf's steps in one (400 lines, about 16 KB): chunks of several hundred lines to share. */
const busy = (c: number, s: number) => Array.from({ length: 10 }, (_, r) => linesOf(c, s * 10 + r)).flat();
const noGauges = (c: number, s: number) => busy(c, s).filter((l) => !GAUGE_LINE.test(l));
/**
 * In every third step, a gauge set to a level and then moved (`+N`, `-N`) all through the step; the
 * steps between are shared. Its moves read on another thread than its level would move on from
 * another level.
 */
function someGauges(c: number, s: number): string[] {
  if (s % 3 !== 0) return noGauges(c, s);
  const out = [`depth:${100 * s}|g`];
  noGauges(c, s).forEach((line, i) => {
    out.push(line);
    if (i % 20 === 0) out.push(`depth:${i % 3 ? '+' : '-'}${(i % 7) + 1}|g`);
  });
  return out;
}

/** Checks, once every line is counted, that threads other than the engine's read lines too, and that the connection's figures sum them. */
function shared(seen: { threads: number[]; lines: number[] }) {
  return (run: Run) => {
    const status = run.engine.status();
    seen.threads.push(poolOf(run.engine).ingest.counters.lines);
    seen.lines.push(status.totals.lines);
    expect(status.connections.map((c) => c.lines)).toEqual([status.totals.lines]);
  };
}

/**
 * Framing's edge cases all through a stream: a byte order mark opening it (and the same bytes later,
 * which are data), CRLF endings, blank and whitespace lines, and lines over max_line_bytes (300),
 * some longer than a whole write, so that they span chunks and start or end where chunks are cut.
 */
function edges(c: number, s: number): string[] {
  const out = noGauges(c, s).map((line, i) => (i % 5 === 0 ? `${line}\r` : line));
  if (s === 0) out[0] = `\uFEFF${out[0]!}`;
  out.splice(7, 0, '', '   ', `\uFEFFmark.${s}`, `long.${'x'.repeat(400 + s)}`);
  if (s % 4 === 1) out.splice(50, 0, `huge.${'y'.repeat(20_000 + s)}:1|c`);
  return out;
}

describe('a busy connection', { timeout: 300_000 }, () => {
  it('read by 2 and by 3 threads gives exactly the records of one thread', async () => {
    const one = await replay({ ingest_workers: 1 }, 1, 12, { lines: noGauges });
    expect(one.flatMap((r) => r.event_counts).some((e) => e.values?.p99 != null && (e.distinct_users ?? 0) > 1)).toBe(true);
    for (const threads of [2, 3]) {
      const seen = { threads: [] as number[], lines: [] as number[] };
      const many = await replay({ ingest_workers: threads }, 1, 12, { lines: noGauges, spread: EVERY_CHUNK, before: shared(seen) });
      expect(many, `${threads} threads`).toEqual(one);
      // The engine's thread read some of the lines, not all: the connection was shared.
      expect(seen.threads[0], `${threads} threads: lines read on the engine's thread`).toBeGreaterThan(0);
      expect(seen.threads[0]).toBeLessThan(seen.lines[0]!);
    }
    // As shared by default: the engine's thread gives its turns to a worker that keeps up.
    const byDefault = await replay({ ingest_workers: 3 }, 1, 12, { lines: noGauges, spread: { spreadFromBytes: 1 } });
    expect(byDefault).toEqual(one);
  });

  it('is framed as on one thread: byte order mark, CRLF, blank lines, lines over the limit within and across chunks', async () => {
    const settings = { max_line_bytes: 300 };
    let tooLong = 0;
    const one = await replay({ ...settings, ingest_workers: 1 }, 1, 12, {
      lines: edges,
      before: (run) => (tooLong = run.engine.status().totals.rejected_by_reason.line_too_long ?? 0),
    });
    expect(tooLong).toBe(12 + 3);
    expect(one.flatMap((r) => r.event_counts).some((e) => e.event === '\uFEFFmark.3')).toBe(true);
    const seen = { threads: [] as number[], lines: [] as number[] };
    const two = await replay({ ...settings, ingest_workers: 2 }, 1, 12, { lines: edges, spread: EVERY_CHUNK, before: shared(seen) });
    expect(two).toEqual(one);
    expect(seen.threads[0]).toBeGreaterThan(0);
    expect(seen.threads[0]).toBeLessThan(seen.lines[0]!);
  });

  it('keeps its gauge lines at home: levels and moves come out as on one thread, while the lines between are shared', async () => {
    const one = await replay({ ingest_workers: 1 }, 1, 12, { lines: someGauges });
    const gauges = one.flatMap((r) => r.event_counts).filter((e) => e.gauge_last != null);
    expect(gauges.length).toBeGreaterThan(0);
    const seen = { threads: [] as number[], lines: [] as number[] };
    const two = await replay({ ingest_workers: 2 }, 1, 12, { lines: someGauges, spread: EVERY_CHUNK, before: shared(seen) });
    expect(two).toEqual(one);
    expect(seen.threads[0]).toBeGreaterThan(0);
    expect(seen.threads[0]).toBeLessThan(seen.lines[0]!);
  });

  it('is closed when a worker that helped read it dies: its lines there are lost, so its client must see it', async () => {
    const run = await start({ window_seconds: 60, ingest_workers: 2 }, EVERY_CHUNK);
    // On 2 threads the first connection goes to the worker (a tie goes to a worker), the second to the engine's thread.
    const a = await openClient(run.port);
    await writeChunks(a, ['a1\n']);
    await until(() => run.engine.status().totals.lines === 1, 'a dealt');
    const b = await openClient(run.port);
    const lines = Array.from({ length: 50 }, (_, i) => `b${i % 7}`).join('\n');
    for (let i = 0; i < 8; i++) await writeChunks(b, [`${lines}\n`]);
    await until(() => run.engine.status().totals.lines === 1 + 8 * 50, "b's lines");
    const pool = poolOf(run.engine);
    // b is read here and helped by the worker: both threads read lines of it.
    expect(pool.ingest.counters.lines).toBeGreaterThan(0);
    expect(pool.ingest.counters.lines).toBeLessThan(8 * 50);
    const closed = new Set<string>();
    a.once('close', () => closed.add('a'));
    b.once('close', () => closed.add('b'));
    await pool.workerThreads()[0]!.terminate();
    await until(() => closed.size === 2, 'both connections closed (b was helped by the worker)', 800);
    await until(() => run.engine.status().totals.worker_restarts === 1, 'the worker replaced');
    expect(run.logs.filter((l) => l.startsWith('error:'))).toEqual([expect.stringMatching(/its 2 connections were closed/)]);
    const fresh = await openClient(run.port);
    await writeChunks(fresh, ['f1\n']);
    await until(() => run.engine.status().connections.some((c) => c.lines === 1), 'a new connection read');
    await endClient(fresh);
    await run.engine.shutdown();
  });
});

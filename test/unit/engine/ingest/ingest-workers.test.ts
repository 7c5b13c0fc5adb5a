// Ingest on every core (DESIGN §9) through the real engine, real sockets and real worker threads
// (their TypeScript source, run through tsx): the records of mixed traffic are the same with 1, 2
// and 4 ingest threads, a change of the thread count under load loses nothing, datagrams are
// spread over the workers and counted once, and a worker that dies is replaced, its connections
// closed and its loss counted; the total of events stays exact as windows close.
import { describe, expect, it } from 'vitest';
import { EVERY_CHUNK, poolOf, records, replay, start } from '../../../support/ingest-replay';
import { endClient, openClient, until, writeChunks } from '../../../support/tcp';
import { sendDatagrams } from '../../../support/udp';

// Each test waits for conditions only; on a machine busy with the cluster tests' processes a replay on
// 1, 2 and 4 threads can take minutes.
describe('ingest workers', { timeout: 300_000 }, () => {
  it('give exactly the records of one thread for mixed traffic over 6 connections, on 2 and 4 threads', async () => {
    const one = await replay({ ingest_workers: 1 }, 6, 20);
    expect(one.length).toBeGreaterThan(2);
    expect(one.reduce((n, r) => n + r.summary.rejected, 0)).toBe(6 * 20 * 5);
    // What the comparison covers: quantiles, users, gauges and tags, not only counts.
    const rows = one.flatMap((r) => r.event_counts);
    expect(rows.some((e) => e.values?.p99 != null && e.tags !== undefined)).toBe(true);
    expect(rows.some((e) => e.gauge_last != null)).toBe(true);
    expect(rows.some((e) => (e.distinct_users ?? 0) > 1)).toBe(true);
    for (const threads of [2, 4]) {
      const many = await replay({ ingest_workers: threads }, 6, 20);
      expect(many, `${threads} threads`).toEqual(one);
    }
  });

  it.each([
    ['', {}],
    [', every chunk shared with helpers', EVERY_CHUNK],
    [", every chunk shared, the engine's thread's turns taken by workers that keep up", { spreadFromBytes: 1 }],
  ])('lose nothing when the thread count changes under load: 1 → 3 → 2 → 1 → 2, TCP and UDP%s', async (_, spread) => {
    const run = await start({ window_seconds: 2, ingest_workers: 1 }, spread);
    const sockets = await Promise.all([0, 1, 2].map(() => openClient(run.port)));
    let sent = 0;
    const byName = new Map<string, number>();
    const counts = (lines: string[]) => {
      for (const l of lines) byName.set(l.split(':')[0]!, (byName.get(l.split(':')[0]!) ?? 0) + 1);
      sent += lines.length;
    };
    const changes = new Map<number, number>([
      [3, 3],
      [7, 2],
      [11, 1],
      [15, 2],
    ]);
    for (let s = 0; s < 20; s++) {
      const writes = sockets.map((sock, c) => {
        const lines = Array.from({ length: 300 }, (_, i) => `n${(s + i + c) % 13}:1|c`);
        counts(lines);
        const text = `${lines.join('\n')}\n`;
        // A line is left unfinished across the change: the next thread must finish it.
        return writeChunks(sock, [text.slice(0, 1001), text.slice(1001)]);
      });
      const datagrams = Array.from({ length: 5 }, (_, d) => Array.from({ length: 4 }, (_, i) => `u${(d + i) % 3}:1|c`));
      for (const d of datagrams) counts(d);
      await Promise.all([
        ...writes,
        sendDatagrams(
          run.port,
          datagrams.map((d) => d.join('\n')),
        ),
      ]);
      await until(() => run.engine.status().totals.lines === sent, `step ${s}: ${sent} lines counted`);
      const workers = changes.get(s);
      if (workers !== undefined) {
        run.engine.updateSettings({ ingest_workers: workers });
        expect(run.engine.status().totals.ingest_threads).toBe(workers);
      }
      run.clock.now += 450;
      run.engine.tick(run.clock.now);
    }
    for (const sock of sockets) await endClient(sock);
    await run.engine.shutdown();
    const all = await records(run.dir);
    expect(all.reduce((n, r) => n + r.summary.events, 0)).toBe(sent);
    const got = new Map<string, number>();
    for (const r of all) for (const e of r.event_counts) got.set(e.event, (got.get(e.event) ?? 0) + e.count);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(byName));
    expect(run.logs.filter((l) => l.startsWith('info: ingesting on'))).toHaveLength(changes.size);
  });

  it('replace a worker that dies: its connections are closed, its loss is logged and counted, the others go on exactly', async () => {
    const run = await start({ window_seconds: 60, ingest_workers: 2 });
    const [a, b] = [await openClient(run.port), await openClient(run.port)];
    await writeChunks(a, ['a1\na2\n']);
    await writeChunks(b, ['b1\nb2\n']);
    await until(() => run.engine.status().totals.lines === 4, 'first lines');
    // On 2 threads each connection went to its own (the least loaded: the one without a connection).
    const pool = poolOf(run.engine);
    const victim = pool.workerThreads()[0]!;
    const closed = new Promise<string>((resolve) => {
      a.once('close', () => resolve('a'));
      b.once('close', () => resolve('b'));
    });
    await victim.terminate();
    const gone = await closed;
    await until(() => run.engine.status().totals.worker_restarts === 1, 'the worker replaced');
    expect(run.logs.filter((l) => l.startsWith('error:'))).toEqual([
      expect.stringMatching(/^error: an ingest worker stopped .*its 1 connections were closed.*a new worker takes its place$/),
    ]);
    const survivor = gone === 'a' ? b : a;
    await writeChunks(survivor, ['s1\ns2\ns3\n']);
    const fresh = await openClient(run.port);
    await writeChunks(fresh, ['f1\n']);
    await until(() => run.engine.status().totals.lines >= 2 + 3 + 1 + 2, 'later lines');
    const top = Object.fromEntries(run.engine.tick(run.clock.now).top_events.map((e) => [e.event, e.count]));
    expect(top).toMatchObject({ s1: 1, s2: 1, s3: 1, f1: 1 });
    expect(top[`${gone}1`]).toBeUndefined();
    expect(run.engine.status().totals.ingest_threads).toBe(2);
    for (const s of [survivor, fresh]) await endClient(s);
    await run.engine.shutdown();
  });

  it('total events stay exact as windows close: a window a worker hands over is not also counted as open', async () => {
    const run = await start({ window_seconds: 1, ingest_workers: 2 });
    const sock = await openClient(run.port);
    let sent = 0;
    for (let w = 0; w < 4; w++) {
      await writeChunks(sock, ['a\nb\nc\n']);
      sent += 3;
      // The worker's figures are fresh once a status read shows every line.
      await until(() => run.engine.status().totals.lines === sent, `window ${w}: ${sent} lines counted`);
      run.clock.now += 1000;
      const snapshot = run.engine.tick(run.clock.now);
      expect(snapshot.closed.map((s) => s.events)).toEqual([3]);
      expect(snapshot.totals.events, `window ${w}, right after its close`).toBe(sent);
      expect(run.engine.status().totals.events).toBe(sent);
    }
    await endClient(sock);
    await run.engine.shutdown();
  });

  it('spread datagrams over the workers and count every line once', async () => {
    const run = await start({ window_seconds: 60, ingest_workers: 2 });
    const datagrams = Array.from({ length: 400 }, (_, d) => Array.from({ length: 20 }, (_, i) => `d${(d * 20 + i) % 17}:1|c`).join('\n'));
    await sendDatagrams(run.port, datagrams);
    await until(() => run.engine.status().totals.lines === 8000, 'every datagram line');
    const status = run.engine.status();
    expect(status.totals.events).toBe(8000);
    expect(status.totals.udp_datagrams).toBe(400);
    await run.engine.shutdown();
    const all = await records(run.dir);
    const byName = new Map<string, number>();
    for (const r of all) for (const e of r.event_counts) byName.set(e.event, (byName.get(e.event) ?? 0) + e.count);
    for (let k = 0; k < 17; k++) expect(byName.get(`d${k}`), `d${k}`).toBe(Math.floor(8000 / 17) + (k < 8000 % 17 ? 1 : 0));
  });
});

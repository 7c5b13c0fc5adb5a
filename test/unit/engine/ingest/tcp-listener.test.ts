import dns from 'node:dns';
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../../../src-main/engine/ingest/connection';
import type { LineIngest } from '../../../../src-main/engine/ingest/line-stream';
import { EngineError } from '../../../../src-main/engine/errors';
import { TcpListener } from '../../../../src-main/engine/ingest/tcp-listener';
import { connectRefused, endClient, openClient, sendAndClose, until, writeChunks } from '../../../support/tcp';

/** Collects what the listener delivers, as the engine's ingest would receive it. */
class Collect implements LineIngest {
  lines: string[] = [];
  overlongs: number[] = [];
  byteCount = 0;
  line(_c: Connection, buf: Buffer, start: number, end: number): void {
    this.lines.push(buf.toString('utf8', start, end));
  }
  overlong(_c: Connection, bytes: number): void {
    this.overlongs.push(bytes);
  }
  bytes(n: number): void {
    this.byteCount += n;
  }
}

/** The listener's clock: it stands still, so connection times are exact. */
const T0 = Date.UTC(2025, 10, 29, 12, 0);

let listeners: TcpListener[] = [];
function make(ingest = new Collect()) {
  const opened: number[] = [];
  const refused: string[] = [];
  const failed: string[] = [];
  const l = new TcpListener(ingest, {
    clock: () => T0,
    connectionsChanged: (n) => opened.push(n),
    refused: (r) => refused.push(r),
    failed: (_r, err) => failed.push((err as Error).message),
  });
  listeners.push(l);
  return { l, ingest, opened, refused, failed };
}

afterEach(async () => {
  await Promise.all(listeners.map((l) => l.stop()));
  listeners = [];
});

describe('TcpListener', () => {
  it('binds port 0 to a free port and delivers lines from a real client', async () => {
    const { l, ingest } = make();
    const { port } = await l.start('127.0.0.1', 0);
    expect(port).toBeGreaterThan(0);
    await sendAndClose(port, ['a\nb', 'c\n', 'last-without-newline']);
    await until(() => ingest.lines.length === 3, 'three lines');
    expect(ingest.lines).toEqual(['a', 'bc', 'last-without-newline']);
    expect(ingest.byteCount).toBe('a\nbc\nlast-without-newline'.length);
  });

  it('starts and stops many times, and a stopped port refuses connections', async () => {
    const { l } = make();
    for (let i = 0; i < 5; i++) {
      const { port } = await l.start('127.0.0.1', 0);
      expect(await connectRefused(port)).toBe(false);
      await l.stop();
      expect(await connectRefused(port)).toBe(true);
    }
  });

  it('stop destroys open client sockets', async () => {
    const { l } = make();
    const { port } = await l.start('127.0.0.1', 0);
    const client = await openClient(port);
    await until(() => l.connectionCount === 1, 'the connection');
    const closed = new Promise((r) => client.once('close', r));
    await l.stop();
    await closed;
    expect(l.connectionCount).toBe(0);
  });

  it('stop under paced load reads what clients already sent: every line written before stop is delivered', async () => {
    const { l, ingest } = make();
    const { port } = await l.start('127.0.0.1', 0);
    const clients = await Promise.all([openClient(port), openClient(port), openClient(port)]);
    let acked = 0;
    let stopping = false;
    const batch = Array.from({ length: 500 }, (_, i) => `line-${i}`).join('\n') + '\n';
    const senders = clients.map(async (c) => {
      c.on('error', () => {}); // our FIN, then a reset once the drain ends, are expected here
      while (!stopping) {
        const ok = await new Promise<boolean>((resolve) => c.write(batch, (err) => resolve(!err)));
        if (!ok || stopping) break;
        acked += 500;
      }
    });
    await until(() => ingest.lines.length >= 20_000, 'traffic in flight');
    stopping = true;
    const writtenBeforeStop = acked;
    // A deadline far past what reading the backlog takes even on a loaded machine: the clients end
    // their side on our FIN, which ends the drain as soon as everything is read.
    await l.stop(30_000);
    await Promise.all(senders);
    expect(writtenBeforeStop).toBeGreaterThan(0);
    expect(ingest.lines.length).toBeGreaterThanOrEqual(writtenBeforeStop);
    expect(ingest.lines.length % 500).toBe(0); // whole batches: no line cut by the stop
  });

  it('stop does not wait past the drain deadline for a client that keeps its connection open', async () => {
    const { l, ingest } = make();
    const { port } = await l.start('127.0.0.1', 0);
    // Half-open allowed: this client hears our FIN and keeps its own side open, so only the
    // deadline ends the drain (and its unfinished last line is dropped, as on a reset).
    const c = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    c.on('error', () => {});
    await new Promise((resolve) => c.once('connect', resolve));
    await writeChunks(c, ['a\nb\npartial']);
    await until(() => ingest.lines.length === 2, 'two lines');
    await l.stop(200);
    expect(c.destroyed || c.readableEnded).toBe(true);
    expect(ingest.lines).toEqual(['a', 'b']);
  });

  it('a taken port is a typed EADDRINUSE error with a human message', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const { l } = make();
    const err = await l.start('127.0.0.1', port).catch((e: unknown) => e);
    blocker.close();
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('EADDRINUSE');
    expect((err as EngineError).message).toBe(`port ${port} is already in use on 127.0.0.1`);
  });

  it('an address not on this machine is a typed EADDRNOTAVAIL error', async () => {
    const { l } = make();
    const notHere = await l.start('192.0.2.1', 0).catch((e: EngineError) => e);
    expect((notHere as EngineError).code).toBe('EADDRNOTAVAIL');
  });

  it('a host name the resolver cannot resolve, or cannot answer for, is BAD_HOST with a sentence naming it', async () => {
    // net.Server#listen resolves a name with dns.lookup; answering here, as getaddrinfo does for an
    // unknown name (ENOTFOUND) and for a resolver that does not answer in time (EAI_AGAIN), keeps the
    // test off this machine's resolver, its network and its timeouts.
    const lookup = vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
      const cb = rest.at(-1) as (err: NodeJS.ErrnoException) => void;
      const code = hostname.startsWith('slow') ? 'EAI_AGAIN' : 'ENOTFOUND';
      process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname, syscall: 'getaddrinfo' })));
    }) as unknown as typeof dns.lookup);
    try {
      const { l } = make();
      for (const host of ['no-such-host.example', 'slow-resolver.example']) {
        const err = await l.start(host, 9000).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(EngineError);
        expect((err as EngineError).code).toBe('BAD_HOST');
        expect((err as EngineError).message).toBe(`host ${host} could not be resolved`);
      }
      expect(lookup.mock.calls.map((c) => c[0])).toEqual(['no-such-host.example', 'slow-resolver.example']);
      expect(l.address).toBeNull();
    } finally {
      lookup.mockRestore();
    }
  });

  it('refuses connections over the limit and keeps serving the others', async () => {
    const { l, ingest, refused } = make();
    l.maxConnections = 2;
    const { port } = await l.start('127.0.0.1', 0);
    const a = await openClient(port);
    const b = await openClient(port);
    await until(() => l.connectionCount === 2, 'two connections');
    const c = await openClient(port);
    await new Promise((r) => c.once('close', r));
    expect(refused).toHaveLength(1);
    await writeChunks(a, ['from-a\n']);
    await writeChunks(b, ['from-b\n']);
    await until(() => ingest.lines.length === 2, 'lines from a and b');
    expect(ingest.lines.sort()).toEqual(['from-a', 'from-b']);
    await Promise.all([endClient(a), endClient(b)]);
  });

  it('tracks per-connection stats and drops one client by id', async () => {
    const { l, opened } = make();
    const { port } = await l.start('127.0.0.1', 0);
    const keep = await openClient(port);
    const drop = await openClient(port);
    await writeChunks(keep, ['x\ny\n']);
    await writeChunks(drop, ['z\n']);
    await until(() => [...l.connections()].reduce((n, c) => n + c.lines, 0) === 3, 'three lines');
    const infos = [...l.connections()].map((c) => c.info(T0));
    const keepInfo = infos.find((i) => i.lines === 2)!;
    const dropInfo = infos.find((i) => i.lines === 1)!;
    expect(keepInfo).toMatchObject({ bytes: 4, rejects: 0 });
    expect(keepInfo.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(keepInfo.connected_since).toBe(new Date(T0).toISOString());
    const closed = new Promise((r) => drop.once('close', r));
    expect(l.drop(dropInfo.id)).toBe(true);
    await closed;
    await until(() => l.connectionCount === 1, 'one connection left');
    expect(l.drop(dropInfo.id)).toBe(false);
    expect(opened).toEqual([1, 2, 1]);
    await endClient(keep);
  });

  it('an abrupt reset mid-line loses only that partial line', async () => {
    const { l, ingest } = make();
    const { port } = await l.start('127.0.0.1', 0);
    const s = await openClient(port);
    await writeChunks(s, ['whole\npart']);
    await until(() => ingest.lines.length === 1, 'the whole line');
    s.resetAndDestroy();
    await until(() => l.connectionCount === 0, 'the reset');
    expect(ingest.lines).toEqual(['whole']);
  });

  it('a bug while handling one client closes that client only; the listener and the others go on', async () => {
    class Throwing extends Collect {
      override line(c: Connection, buf: Buffer, start: number, end: number): void {
        if (buf.toString('utf8', start, end) === 'boom') throw new Error('internal failure');
        super.line(c, buf, start, end);
      }
    }
    const { l, ingest, failed } = make(new Throwing());
    const { port } = await l.start('127.0.0.1', 0);
    const healthy = await openClient(port);
    const broken = await openClient(port);
    const closed = new Promise((r) => broken.once('close', r));
    broken.on('error', () => {});
    await writeChunks(broken, ['boom\n']);
    await closed;
    expect(failed).toEqual(['internal failure']);
    await writeChunks(healthy, ['still-here\n']);
    await until(() => ingest.lines.includes('still-here'), 'the healthy client');
    await endClient(healthy);
  });
});

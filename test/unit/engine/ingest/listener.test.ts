// One port for TCP and UDP: with port 0, what happens when the port TCP picked is already held for
// UDP by another program. TCP is a stand-in that hands out chosen ports (a real kernel would not
// pick a port we hold on purpose); UDP is the real listener, failing on the held port for real.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { LineIngest } from '../../../../src-main/engine/ingest/line-stream';
import { EngineError } from '../../../../src-main/engine/errors';
import { Listener, type Bindable } from '../../../../src-main/engine/ingest/listener';
import { UdpListener } from '../../../../src-main/engine/ingest/udp-listener';

const ignore: LineIngest = { line: () => {}, overlong: () => {}, bytes: () => {} };

/** A TCP stand-in that binds the given ports in turn and records its calls. */
function fakeTcp(ports: number[]): Bindable & { calls: string[] } {
  let i = 0;
  const calls: string[] = [];
  return {
    calls,
    start: async (host, port) => {
      calls.push(`start ${port}`);
      return { host, port: port === 0 ? ports[Math.min(i++, ports.length - 1)]! : port };
    },
    stop: async () => {
      calls.push('stop');
    },
  };
}

let held: Socket[] = [];
/** A UDP port held by "another program" for the length of the test. */
async function heldUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  held.push(s);
  return s.address().port;
}

let udps: UdpListener[] = [];
function realUdp(): UdpListener {
  const u = new UdpListener(ignore, { clock: () => 0, log: () => {} });
  udps.push(u);
  return u;
}

afterEach(async () => {
  await Promise.all(udps.map((u) => u.stop()));
  for (const s of held) s.close();
  held = [];
  udps = [];
});

describe("Listener with transport 'both'", () => {
  it('with port 0, lets go of a port whose UDP side is taken and tries another, reporting one port', async () => {
    const taken = await heldUdpPort();
    const free = await heldUdpPort();
    held.pop()!.close(); // free again: UDP can bind it
    const tcp = fakeTcp([taken, free]);
    const udp = realUdp();
    const bound = await new Listener(tcp, udp).start('127.0.0.1', 0, 'both');
    expect(bound).toEqual({ host: '127.0.0.1', port: free });
    expect(udp.address).toEqual({ host: '127.0.0.1', port: free });
    expect(tcp.calls).toEqual(['stop', 'start 0', 'stop', 'start 0']);
  });

  it('gives up after a few tries, with the UDP sentence', async () => {
    const taken = await heldUdpPort();
    const tcp = fakeTcp([taken]);
    const err = await new Listener(tcp, realUdp()).start('127.0.0.1', 0, 'both').catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('EADDRINUSE');
    expect((err as EngineError).message).toBe(`UDP port ${taken} is already in use on 127.0.0.1`);
    expect(tcp.calls.filter((c) => c === 'start 0')).toHaveLength(5);
    expect(tcp.calls.at(-1)).toBe('stop');
  });

  it('with a port asked for, does not try another', async () => {
    const taken = await heldUdpPort();
    const tcp = fakeTcp([]);
    const err = await new Listener(tcp, realUdp()).start('127.0.0.1', taken, 'both').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(tcp.calls).toEqual(['stop', `start ${taken}`, 'stop']);
  });

  it('binds only the transport named', async () => {
    const tcp = fakeTcp([40000]);
    const udp = realUdp();
    const listener = new Listener(tcp, udp);
    expect(await listener.start('127.0.0.1', 0, 'tcp')).toEqual({ host: '127.0.0.1', port: 40000 });
    expect(udp.address).toBeNull();
    const { port } = await listener.start('127.0.0.1', 0, 'udp');
    expect(udp.address).toEqual({ host: '127.0.0.1', port });
    expect(tcp.calls).toEqual(['stop', 'start 0', 'stop']);
  });
});

// Child process: receives one UDP run and reports what it read and what the kernel dropped, as one
// JSON line, once told (a line on stdin) that the sender is done.
// argv: mode (baseline|engine)
// baseline: a bare dgram socket with the same receive buffer that only counts datagrams and their
//   lines: the ceiling set by Node's dgram and this machine, one callback per datagram.
// engine: the real engine listening on UDP (framing, parsing, windows, counting, snapshots every 250 ms).
// Lines/s counted are timed from the first datagram read to the last (sampled every 10 ms).
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Engine } from '../src-main/engine/engine';
import { UdpDrops } from '../src-main/engine/ingest/udp-drops';
import { UDP_RECEIVE_BUFFER_BYTES } from '../src-main/engine/ingest/udp-listener';

const mode = process.argv[2];
const LF = 10;

interface Receiver {
  port: number;
  receiveBuffer: number | null;
  /** Datagrams and lines read so far. */
  read(): { datagrams: number; lines: number };
  /** Closes, with the final kernel drop count (null where the OS does not tell). */
  finish(): Promise<{ drops: number | null; rejected: number }>;
}

async function baseline(): Promise<Receiver> {
  let datagrams = 0;
  let lines = 0;
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer) => {
    datagrams++;
    if (msg.length === 0) return;
    lines++;
    for (let at = msg.indexOf(LF); at >= 0; at = msg.indexOf(LF, at + 1)) lines++;
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
  const drops = new UdpDrops(() => {});
  const port = socket.address().port;
  await drops.watch('127.0.0.1', 'IPv4', port);
  return {
    port,
    receiveBuffer: socket.getRecvBufferSize(),
    read: () => ({ datagrams, lines }),
    finish: async () => {
      await drops.unwatch();
      socket.close();
      return { drops: drops.total, rejected: 0 };
    },
  };
}

async function engine(): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'tallyline-bench-udp-'));
  const e = await Engine.open({ dataDir: dir, log: () => {} });
  const ticker = setInterval(() => e.tick(Date.now()), 250);
  const state = await e.startListener({ host: '127.0.0.1', port: 0, transport: 'udp' });
  if (state.state !== 'listening') throw new Error('not listening');
  return {
    port: state.port,
    receiveBuffer: e.status().udp_receive_buffer_bytes,
    read: () => {
      const t = e.status().totals;
      return { datagrams: t.udp_datagrams, lines: t.lines };
    },
    finish: async () => {
      clearInterval(ticker);
      await e.stopListener(); // reads the final drop count
      const t = e.status().totals;
      await e.shutdown();
      rmSync(dir, { recursive: true, force: true });
      return { drops: t.udp_drops, rejected: t.rejected };
    },
  };
}

const r = mode === 'baseline' ? await baseline() : await engine();
process.stdout.write(`${JSON.stringify({ port: r.port, receive_buffer: r.receiveBuffer })}\n`);

let first = 0;
let last = 0;
let seen = 0;
const sampler = setInterval(() => {
  const { datagrams } = r.read();
  if (datagrams === seen) return;
  const t = performance.now();
  if (seen === 0) first = t;
  last = t;
  seen = datagrams;
}, 10);

const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
// The sender is done: wait until reading stops (what waited in the receive buffer is read).
for (let still = 0; still < 3;) {
  const before = r.read().datagrams;
  await new Promise((res) => setTimeout(res, 100));
  still = r.read().datagrams === before ? still + 1 : 0;
}
clearInterval(sampler);
const { datagrams, lines } = r.read();
const { drops, rejected } = await r.finish();
const seconds = (last - first) / 1000;
process.stdout.write(
  `${JSON.stringify({ datagrams, lines, drops, rejected, seconds, lines_per_sec: seconds > 0 ? lines / seconds : 0 })}\n`,
);
process.exit(0);

// Child process: sends StatsD datagrams of `lines` lines each (the last without a newline, as
// buffering clients send them) to 127.0.0.1:port at `rate` datagrams a second for `seconds`, paced
// against the clock; a sender that cannot keep the pace sends fewer. Prints one JSON line: how many
// were sent and over how long.
// argv: port rate seconds lines
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { block } from './traffic';

const [portArg, rateArg, secondsArg, linesArg] = process.argv.slice(2);
const port = Number(portArg);
const rate = Number(rateArg);
const ms = Number(secondsArg) * 1000;
const lines = Number(linesArg);
/** Datagrams built before sending (1,000 names over them), resent in turn so the sender stays cheap. */
const CYCLE = 100;
/** Most sends waiting in Node's queue (the kernel's send buffer full) before the pump waits. */
const MAX_QUEUED = 1024;

const cycle = Array.from({ length: CYCLE }, (_, i) => {
  const b = block('statsd', 1000, i * lines, lines);
  return b.subarray(0, b.length - 1);
});
const socket = createSocket('udp4');
let errors = 0;
socket.on('error', () => errors++);
// Connected: no address lookup per send.
await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));

let sent = 0;
let sentBytes = 0;
const t0 = performance.now();
await new Promise<void>((resolve) => {
  const pump = () => {
    const elapsed = performance.now() - t0;
    if (elapsed >= ms) return resolve();
    const due = Math.floor((elapsed * rate) / 1000);
    while (sent < due && socket.getSendQueueCount() < MAX_QUEUED) {
      const d = cycle[sent % CYCLE]!;
      socket.send(d);
      sentBytes += d.length;
      sent++;
    }
    setImmediate(pump);
  };
  pump();
});
const seconds = (performance.now() - t0) / 1000;
while (socket.getSendQueueCount() > 0) await new Promise((r) => setImmediate(r));
socket.close();
process.stdout.write(`${JSON.stringify({ sent: sent - errors, sent_lines: (sent - errors) * lines, bytes: sentBytes, seconds })}\n`);

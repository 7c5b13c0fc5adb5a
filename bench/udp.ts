// `npm run bench` section "udp" (alone: `node --import tsx bench/udp.ts [seconds]`): StatsD over UDP
// on loopback, datagrams of 20 lines from a sender process at set rates, received by a bare dgram
// socket (the baseline: what Node's dgram on this machine reads at all) and by the engine. Reports
// lines/s sent and counted, and where they went: read, dropped by the kernel for want of receive
// buffer (the drops column of /proc/net/udp), or unaccounted (lost elsewhere on the way, e.g. the
// loopback device's own backlog). Each receiver and the sender run in processes of their own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const SECONDS = Number(process.argv[2] ?? 3);
const LINES = 20;
const RATES = [50_000, 200_000];
const here = new URL('.', import.meta.url).pathname;

interface Sent {
  sent: number;
  sent_lines: number;
  seconds: number;
}
interface Received {
  datagrams: number;
  lines: number;
  drops: number | null;
  rejected: number;
  seconds: number;
  lines_per_sec: number;
}

function child(script: string, args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', `${here}${script}`, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

async function run(mode: 'baseline' | 'engine', rate: number): Promise<{ sent: Sent; got: Received; receiveBuffer: number }> {
  const receiver = child('udp-receiver.ts', [mode]);
  const lines = createInterface({ input: receiver.stdout })[Symbol.asyncIterator]();
  const ready = JSON.parse((await lines.next()).value as string) as { port: number; receive_buffer: number };
  const sender = child('udp-sender.ts', [String(ready.port), String(rate), String(SECONDS), String(LINES)]);
  const senderOut = createInterface({ input: sender.stdout })[Symbol.asyncIterator]();
  const sent = JSON.parse((await senderOut.next()).value as string) as Sent;
  await once(sender, 'exit');
  receiver.stdin.write('done\n');
  const result = await lines.next();
  if (result.done) throw new Error(`${mode} receiver ended without a result`);
  await once(receiver, 'exit');
  return { sent, got: JSON.parse(result.value as string) as Received, receiveBuffer: ready.receive_buffer };
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;

console.log(`Tallyline UDP benchmark: StatsD datagrams of ${LINES} lines, loopback, ${SECONDS} s per run, node ${process.version}`);
console.log('target    receiver  sent dgram/s  sent lines/s  counted lines/s read    kernel drops       unaccounted  rejected');
let buffer = 0;
for (const rate of RATES) {
  for (const mode of ['baseline', 'engine'] as const) {
    const { sent, got, receiveBuffer } = await run(mode, rate);
    buffer = receiveBuffer;
    const drops = got.drops;
    const lost = sent.sent - got.datagrams - (drops ?? 0);
    console.log(
      `${fmt(rate).padEnd(9)} ${mode.padEnd(9)} ${fmt(sent.sent / sent.seconds).padEnd(13)} ${fmt(sent.sent_lines / sent.seconds).padEnd(13)} ` +
        `${fmt(got.lines_per_sec).padEnd(15)} ${pct(got.datagrams, sent.sent).padEnd(7)} ` +
        `${(drops === null ? 'n/a' : `${drops} (${pct(drops, sent.sent)})`).padEnd(18)} ${String(lost).padEnd(12)} ${got.rejected}`,
    );
  }
}
console.log(`receive buffer granted: ${buffer} bytes (asked: 8 MiB); read, drops and unaccounted are shares of the datagrams sent`);

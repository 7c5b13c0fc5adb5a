// Child process: sends `lines` lines over `connections` sockets as fast as loopback takes them.
// argv: port format names lines connections
import { connect } from 'node:net';
import { block, type BenchFormat } from './traffic';

const [port, format, names, lines, connections] = process.argv.slice(2);
const total = Number(lines);
const conns = Number(connections);
const distinct = Number(names);
const BLOCK_LINES = 20_000;

// Blocks are built before sending starts (every name of the set, in order) so the sender is not
// what limits the baseline; only the 10,000,000-name memory run generates as it goes.
const CYCLE_LIMIT = 1_000_000;
const cycleBlocks = Math.ceil(Math.min(Math.max(distinct, BLOCK_LINES), CYCLE_LIMIT) / BLOCK_LINES);
const cycle =
  (distinct <= CYCLE_LIMIT && distinct % BLOCK_LINES === 0) || distinct < BLOCK_LINES
    ? Array.from({ length: distinct < BLOCK_LINES ? 1 : cycleBlocks }, (_, b) =>
        block(format as BenchFormat, distinct, b * BLOCK_LINES, BLOCK_LINES),
      )
    : null;

async function sendOne(share: number, offset: number): Promise<void> {
  const socket = connect({ host: '127.0.0.1', port: Number(port), noDelay: false });
  await new Promise((r) => socket.once('connect', r));
  let sent = 0;
  while (sent < share) {
    const n = Math.min(BLOCK_LINES, share - sent);
    const buf =
      cycle && n === BLOCK_LINES
        ? cycle[((offset + sent) / BLOCK_LINES) % cycle.length]!
        : block(format as BenchFormat, distinct, offset + sent, n);
    sent += n;
    if (!socket.write(buf)) await new Promise((r) => socket.once('drain', r));
  }
  await new Promise<void>((r) => socket.end(r));
}

const share = Math.floor(total / conns / BLOCK_LINES) * BLOCK_LINES;
await Promise.all(Array.from({ length: conns }, (_, c) => sendOne(c === conns - 1 ? total - share * (conns - 1) : share, c * share)));

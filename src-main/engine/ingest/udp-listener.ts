// The UDP transport (DESIGN §2): one socket on the listener's host and port. A datagram holds one
// or more lines, its last without `\n`; it is framed in place by LineFramer.whole() and its lines go
// to the same Ingest as TCP's, so limits and reject reasons are the same. UDP has no connections:
// every datagram comes through one pseudo-source, id `udp`, whose remote is the sender of the
// datagram being read (for the samples of its rejects); it is not listed among the connections.
//
// Sizes: Node reads each datagram into a 64 KiB buffer and ignores libuv's UV_UDP_PARTIAL flag, so
// a longer datagram would arrive cut short without a word. None can exist: a UDP/IPv4 payload is at
// most 65,507 bytes (the IP length field is 16 bits), an IPv6 one 65,527 without jumbograms, which
// no StatsD client sends. A datagram is never larger than the 64 KiB default max_line_bytes, so its
// lines are overlong only under a lower setting.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { LogFn } from '../../../src-shared/types';
import type { LineIngest, LineSource } from './line-stream';
import { LineFramer, type LineSink } from './framing';
import { listenError } from './listen-errors';
import { UdpDrops } from './udp-drops';

/** The receive buffer asked for: bursts of datagrams wait there while the engine is busy (a window closing, a snapshot). */
export const UDP_RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
/** The smallest receive buffer asked for before taking what the OS gives by default. */
const MIN_RECEIVE_BUFFER_BYTES = 256 * 1024;
/** At most one log line a second about datagrams lost to our own errors. */
const FAILURE_LOG_EVERY_MS = 1000;

export interface UdpHooks {
  /** Epoch ms; the engine's one clock. */
  clock: () => number;
  log: LogFn;
  /** Takes a datagram to be read elsewhere (an ingest worker): true when it did. */
  forward?: (msg: Buffer, sender: RemoteInfo, now: number) => boolean;
}

/** The one source of every datagram's lines. */
class UdpSource implements LineSink, LineSource {
  readonly id = 'udp';
  rejects = 0;
  /** The arrival time of the datagram being read (NaN, a double, from the start: see Connection). */
  now = NaN;
  /** Who sent the datagram being read. */
  sender: RemoteInfo | null = null;

  constructor(private readonly ingest: LineIngest) {}

  /** Built only when a reject's sample asks, not per datagram. */
  get remote(): string {
    const s = this.sender;
    return s ? `${s.address}:${s.port}` : '?';
  }

  line(buf: Buffer, start: number, end: number): void {
    this.ingest.line(this, buf, start, end, this.now);
  }

  overlong(bytes: number): void {
    this.ingest.overlong(this, bytes, this.now);
  }
}

export class UdpListener {
  /** Datagrams read since the engine started (empty ones too), and their bytes. */
  datagrams = 0;
  bytes = 0;
  /** Datagrams the kernel dropped for want of buffer room, since the engine started. */
  readonly drops: UdpDrops;
  private socket: Socket | null = null;
  private bound: { host: string; port: number } | null = null;
  private receiveBuffer: number | null = null;
  private readonly source: UdpSource;
  private readonly framer: LineFramer;
  private failures = 0;
  private failureLoggedAt = -Infinity;

  constructor(
    private readonly ingest: LineIngest,
    private readonly hooks: UdpHooks,
  ) {
    this.source = new UdpSource(ingest);
    this.framer = new LineFramer(65536, this.source);
    this.drops = new UdpDrops((grown, total) => {
      const where = this.bound ? ` on ${this.bound.host}:${this.bound.port}` : '';
      hooks.log(
        'warn',
        `UDP${where}: the kernel dropped ${grown} datagrams (${total} since start) because the receive buffer ` +
          `(${this.receiveBuffer ?? '?'} bytes) was full: they arrive faster than the engine reads them. ` +
          'Further drops in this burst are counted (udp_drops) without a warning',
      );
    });
  }

  get address(): { host: string; port: number } | null {
    return this.bound;
  }

  /** Bytes the OS granted the socket's receive buffer; null while stopped. */
  get receiveBufferBytes(): number | null {
    return this.receiveBuffer;
  }

  /** Longest line in bytes. Default 65536. */
  set maxLineBytes(n: number) {
    this.framer.maxLineBytes = n;
  }

  /** Resolves with the bound address (the real port when 0 was asked), rejects with an EngineError that says UDP. */
  async start(host: string, port: number): Promise<{ host: string; port: number }> {
    if (this.socket) await this.stop();
    const wording = { what: 'UDP port' };
    // The socket's type follows the address, as net.Server picks IPv4 or IPv6 for TCP from the same lookup.
    let family = isIP(host);
    let address = host;
    if (family === 0) {
      try {
        ({ address, family } = await lookup(host));
      } catch (err) {
        throw listenError(err as NodeJS.ErrnoException, host, port, wording);
      }
    }
    const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
    socket.on('message', this.read);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        socket.close();
        reject(listenError(err, host, port, wording));
      };
      socket.once('error', onError);
      socket.bind({ address, port, exclusive: true }, () => {
        socket.off('error', onError);
        resolve();
      });
    });
    // After binding, a socket error (rare: ENOMEM on receive) must not crash the engine.
    socket.on('error', (err) => this.hooks.log('warn', `UDP socket error: ${err.message}`));
    this.receiveBuffer = growReceiveBuffer(socket);
    if (this.receiveBuffer < UDP_RECEIVE_BUFFER_BYTES) {
      this.hooks.log(
        'info',
        `UDP receive buffer: ${this.receiveBuffer} bytes granted of ${UDP_RECEIVE_BUFFER_BYTES} asked ` +
          '(the system caps it: on Linux raise net.core.rmem_max to absorb larger bursts)',
      );
    }
    const addr = socket.address();
    this.socket = socket;
    this.bound = { host, port: addr.port };
    await this.drops.watch(addr.address, addr.family as 'IPv4' | 'IPv6', addr.port);
    return this.bound;
  }

  /** Reads the final drop count, then closes the socket: datagrams still in its buffer are lost, as a UDP sender expects. */
  async stop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    await this.drops.unwatch();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.bound = null;
    this.receiveBuffer = null;
  }

  /** Reads the kernel's drop count if a second has passed (by the engine's clock). */
  pollDrops(now: number): void {
    this.drops.poll(now);
  }

  /**
   * One datagram: a chunk that ends at its end. `now` is read once per datagram. Public for what
   * is read like a datagram without a socket (a cluster node's messages from NATS).
   */
  readonly read = (msg: Buffer, rinfo: RemoteInfo): void => {
    const now = this.hooks.clock();
    const source = this.source;
    const ingest = this.ingest;
    source.now = now;
    source.sender = rinfo;
    this.datagrams++;
    this.bytes += msg.length;
    if (this.hooks.forward?.(msg, rinfo, now)) return;
    try {
      ingest.bytes(msg.length, now);
      ingest.beginChunk?.(now);
      try {
        this.framer.whole(msg);
      } finally {
        ingest.endChunk?.();
      }
    } catch (err) {
      // Bad input never throws; this is for our bugs: that datagram's remaining lines are lost,
      // not the engine. Logged at most once a second, with the count so far.
      this.framer.discard();
      this.failures++;
      if (now - this.failureLoggedAt >= FAILURE_LOG_EVERY_MS) {
        this.failureLoggedAt = now;
        this.hooks.log(
          'error',
          `UDP: a datagram from ${source.remote} was cut short by an internal error (${this.failures} so far): ${(err as Error)?.message ?? String(err)}`,
        );
      }
    }
  };
}

/**
 * Asks for UDP_RECEIVE_BUFFER_BYTES, halving while the OS refuses (macOS refuses sizes above
 * kern.ipc.maxsockbuf with ENOBUFS, where Linux silently caps at net.core.rmem_max): the reason it is
 * not createSocket's recvBufferSize option, whose refusal would fail the whole listener. Returns the
 * size granted (Linux reports twice what it grants, its bookkeeping overhead included).
 */
function growReceiveBuffer(socket: Socket): number {
  for (let ask = UDP_RECEIVE_BUFFER_BYTES; ask >= MIN_RECEIVE_BUFFER_BYTES; ask /= 2) {
    try {
      socket.setRecvBufferSize(ask);
      break;
    } catch {
      // Too large for this system: ask for half.
    }
  }
  return socket.getRecvBufferSize();
}

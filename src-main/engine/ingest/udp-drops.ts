// Datagrams the kernel dropped for our UDP socket because its receive buffer was full. The socket
// never hears of them (neither libuv nor Node report them), so a flood past what the engine reads
// would be silent: Linux publishes a per-socket count, the last column (`drops`) of /proc/net/udp
// (/proc/net/udp6 for IPv6 sockets), read here about once a second. Other systems publish no
// per-socket count: there the figure is null ("cannot tell"), never a reassuring 0.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';

/** One socket's row of /proc/net/udp or /proc/net/udp6. */
export interface ProcUdpRow {
  /** local_address without its port: the address as /proc writes it (see procAddress). */
  address: string;
  port: number;
  drops: number;
}

/** The rows of /proc/net/udp{,6}. Columns are split on blanks (the header's names do not line up with them); drops is the last. */
export function parseProcNetUdp(text: string): ProcUdpRow[] {
  const rows: ProcUdpRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    const colon = cols[1]!.lastIndexOf(':');
    if (colon < 0) continue;
    rows.push({ address: cols[1]!.slice(0, colon), port: parseInt(cols[1]!.slice(colon + 1), 16), drops: Number(cols[cols.length - 1]) });
  }
  return rows;
}

/** The 16 bytes of an IPv6 address (a zone such as %eth0 ignored, a dotted IPv4 tail read as two groups). */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, tail] = text.split('::');
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * An IP address as /proc/net/udp{,6} writes a local_address: each 32-bit word of the address as the
 * machine holds it, in upper-case hex (127.0.0.1 is 0100007F on a little-endian machine).
 */
export function procAddress(address: string, family: 'IPv4' | 'IPv6', littleEndian = endianness() === 'LE'): string {
  const bytes = family === 'IPv4' ? address.split('.').map(Number) : ipv6Bytes(address);
  let out = '';
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.slice(w, w + 4);
    if (littleEndian) word.reverse();
    for (const b of word) out += b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The drops of the socket bound to address:port in the text of /proc/net/udp{,6}; null when no such row. */
export function dropsOf(text: string, address: string, family: 'IPv4' | 'IPv6', port: number): number | null {
  const want = procAddress(address, family);
  const row = parseProcNetUdp(text).find((r) => r.port === port && r.address === want);
  return row ? row.drops : null;
}

/** Reads /proc/net/udp about once a second. */
const READ_EVERY_MS = 1000;

export interface UdpDropsOptions {
  /** Reads a /proc file. Default fs.promises.readFile (latin1). */
  read?: (file: string) => Promise<string>;
  /** Default process.platform. */
  platform?: NodeJS.Platform;
}

/**
 * The drop count of the listener's UDP sockets since the engine started: those of sockets already
 * closed plus the open one's. `grew` is called once per burst (the first read that finds more drops
 * after one that found none), so a flood is never silent and never floods the log.
 */
export class UdpDrops {
  private readonly read: (file: string) => Promise<string>;
  /** Only Linux has the per-socket count. */
  private readonly linux: boolean;
  /** Whether the last read worked (/proc may be missing even on Linux). */
  private readable: boolean;
  private closed = 0;
  private current = 0;
  private socket: { file: string; address: string; family: 'IPv4' | 'IPv6'; port: number } | null = null;
  private lastRead = -Infinity;
  private reading: Promise<void> | null = null;
  private inBurst = false;

  constructor(
    private readonly grew: (grown: number, total: number) => void,
    options: UdpDropsOptions = {},
  ) {
    this.read = options.read ?? ((file) => readFile(file, 'latin1'));
    this.linux = (options.platform ?? process.platform) === 'linux';
    this.readable = this.linux;
  }

  /** Drops since the engine started; null where the system does not tell. */
  get total(): number | null {
    return this.readable ? this.closed + this.current : null;
  }

  /** Counts the drops of a socket just bound (a new socket starts at 0); resolves after a first read, so `total` says at once whether drops can be read. */
  async watch(address: string, family: 'IPv4' | 'IPv6', port: number): Promise<void> {
    await this.unwatch();
    if (!this.linux) return;
    this.socket = { file: family === 'IPv6' ? '/proc/net/udp6' : '/proc/net/udp', address, family, port };
    this.current = 0;
    this.inBurst = false;
    await this.readNow();
  }

  /** Starts a read unless one ran in the last second (by the engine's clock) or is still running. */
  poll(now: number): void {
    if (!this.socket || this.reading || now - this.lastRead < READ_EVERY_MS) return;
    this.lastRead = now;
    this.reading = this.readNow().finally(() => (this.reading = null));
  }

  /** Reads the socket's final count, before it is closed (its row then goes), and keeps it in the total. */
  async unwatch(): Promise<void> {
    if (!this.socket) return;
    await this.reading;
    await this.readNow();
    this.closed += this.current;
    this.current = 0;
    this.socket = null;
  }

  private async readNow(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    let drops: number | null;
    try {
      drops = dropsOf(await this.read(socket.file), socket.address, socket.family, socket.port);
      this.readable = true;
    } catch {
      this.readable = false;
      return;
    }
    // No row: the socket is going away (a read racing the close); its last count stands.
    if (drops === null || socket !== this.socket) return;
    const grown = drops - this.current;
    this.current = drops;
    if (grown > 0 && !this.inBurst) this.grew(grown, this.closed + drops);
    this.inBurst = grown > 0;
  }
}

// The per-socket drop count Linux publishes, read from captured /proc/net/udp and /proc/net/udp6
// text (Linux 6.18, x86-64: a little-endian machine), and the watcher's bookkeeping over reads.
import { describe, expect, it } from 'vitest';
import { UdpDrops, dropsOf, parseProcNetUdp, procAddress } from '../../../../src-main/engine/ingest/udp-drops';

// Captured with sockets bound on 127.0.0.1:55441 (not read while 200 datagrams of 500 bytes came,
// its buffer set to 4 KiB: 194 dropped), 0.0.0.0:58106, ::1:57052 and :::57567, and a sender.
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            
11180: 0100007F:D891 00000000:0000 07 00000000:00001E00 00:00000000 00000000     0        0 295171 2 00000000b049e9ff 194      
13232: 00000000:E095 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 295175 2 0000000007d298d5 0        
13845: 00000000:E2FA 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 295173 2 00000000bd23703c 0        
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
12791: 00000000000000000000000001000000:DEDC 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 295172 2 0000000073118bb7 0
13306: 00000000000000000000000000000000:E0DF 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 295174 2 0000000037a85e7e 0
`;

describe('/proc/net/udp', () => {
  it('parses each socket row: local address, port and drops (the last column)', () => {
    expect(parseProcNetUdp(UDP)).toEqual([
      { address: '0100007F', port: 55441, drops: 194 },
      { address: '00000000', port: 57493, drops: 0 },
      { address: '00000000', port: 58106, drops: 0 },
    ]);
    expect(parseProcNetUdp(UDP6).map((r) => r.port)).toEqual([57052, 57567]);
    expect(parseProcNetUdp('')).toEqual([]);
  });

  it('writes addresses as /proc does: 32-bit words in the machine byte order', () => {
    expect(procAddress('127.0.0.1', 'IPv4', true)).toBe('0100007F');
    expect(procAddress('127.0.0.1', 'IPv4', false)).toBe('7F000001');
    expect(procAddress('0.0.0.0', 'IPv4', true)).toBe('00000000');
    expect(procAddress('::1', 'IPv6', true)).toBe('00000000000000000000000001000000');
    expect(procAddress('::', 'IPv6', true)).toBe('0'.repeat(32));
    expect(procAddress('::ffff:127.0.0.1', 'IPv6', true)).toBe('0000000000000000FFFF00000100007F');
    expect(procAddress('fe80::1%eth0', 'IPv6', true)).toBe('000080FE000000000000000001000000');
    expect(procAddress('2001:db8::a:b', 'IPv6', false)).toBe('20010DB80000000000000000000A000B');
  });

  it('finds our socket by address and port, not by port alone', () => {
    expect(dropsOf(UDP, '127.0.0.1', 'IPv4', 55441)).toBe(littleEndianMachine() ? 194 : null);
    expect(dropsOf(UDP, '0.0.0.0', 'IPv4', 58106)).toBe(0);
    expect(dropsOf(UDP, '0.0.0.0', 'IPv4', 55441)).toBeNull();
    expect(dropsOf(UDP6, '::1', 'IPv6', 57052)).toBe(littleEndianMachine() ? 0 : null);
    expect(dropsOf(UDP6, '::', 'IPv6', 57567)).toBe(0);
  });
});

/** The captures are of a little-endian machine; on a big-endian one their non-zero addresses read differently. */
function littleEndianMachine(): boolean {
  return procAddress('127.0.0.1', 'IPv4') === '0100007F';
}

/** /proc/net/udp text with one socket on 127.0.0.1:port having `drops`. */
function procText(port: number, drops: number): string {
  const local = `${procAddress('127.0.0.1', 'IPv4')}:${port.toString(16).toUpperCase()}`;
  return `${UDP.split('\n')[0]}\n 1: ${local} 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0000000000000000 ${drops}\n`;
}

describe('UdpDrops', () => {
  /** A watcher over scripted reads: `counts` are the successive drops the socket's row shows (an Error: the read fails). */
  function scripted(counts: (number | Error)[], platform: NodeJS.Platform = 'linux') {
    const warnings: [number, number][] = [];
    const files: string[] = [];
    let i = 0;
    const drops = new UdpDrops((grown, total) => warnings.push([grown, total]), {
      platform,
      read: async (file) => {
        files.push(file);
        const c = counts[Math.min(i++, counts.length - 1)]!;
        if (c instanceof Error) throw c;
        return procText(9000, c);
      },
    });
    return { drops, warnings, files };
  }

  /** Polls once at each of the times, waiting for each read. */
  async function pollAt(drops: UdpDrops, times: number[]): Promise<void> {
    for (const t of times) {
      drops.poll(t);
      await new Promise((r) => setImmediate(r));
    }
  }

  it('reads on watch, then at most once a second, and warns once per burst of growth', async () => {
    const { drops, warnings, files } = scripted([0, 5, 9, 9, 12, 12]);
    await drops.watch('127.0.0.1', 'IPv4', 9000);
    expect(drops.total).toBe(0);
    await pollAt(drops, [1000, 1500, 1999]); // one read: 5
    expect(drops.total).toBe(5);
    await pollAt(drops, [2000, 3000, 4000, 5000]); // 9 (same burst), 9 (burst over), 12 (a new burst), 12
    expect(drops.total).toBe(12);
    expect(warnings).toEqual([
      [5, 5],
      [3, 12],
    ]);
    expect(files).toEqual(Array(6).fill('/proc/net/udp'));
  });

  it('keeps the count of closed sockets when a new one is watched: drops since the engine started', async () => {
    const { drops } = scripted([0, 7, 0, 2]);
    await drops.watch('127.0.0.1', 'IPv4', 9000);
    await drops.unwatch(); // the final read: 7
    expect(drops.total).toBe(7);
    await drops.watch('127.0.0.1', 'IPv4', 9000);
    await pollAt(drops, [1000]);
    expect(drops.total).toBe(9);
  });

  it('reads /proc/net/udp6 for an IPv6 socket', async () => {
    const { drops, files } = scripted([0]);
    await drops.watch('::1', 'IPv6', 9000);
    expect(files).toEqual(['/proc/net/udp6']);
  });

  it('is null where drops cannot be read: another system, or /proc missing', async () => {
    const mac = scripted([0], 'darwin');
    expect(mac.drops.total).toBeNull();
    await mac.drops.watch('127.0.0.1', 'IPv4', 9000);
    expect(mac.drops.total).toBeNull();
    expect(mac.files).toEqual([]);

    const noProc = scripted([new Error('ENOENT'), 3]);
    expect(noProc.drops.total).toBe(0);
    await noProc.drops.watch('127.0.0.1', 'IPv4', 9000);
    expect(noProc.drops.total).toBeNull();
    await pollAt(noProc.drops, [1000]); // readable again
    expect(noProc.drops.total).toBe(3);
  });
});

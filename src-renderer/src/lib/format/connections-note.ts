// The line under the Connections number: TCP connections since start, plus what arrived over UDP,
// which has no connections at all. Datagrams the kernel dropped (our receive buffer was full) are
// the one loss no other counter shows, so they are named and raise the card's alert.
import { countOf, formatCount } from './numbers';

export interface ConnectionsCounts {
  connectionsTotal: number;
  connectionsRefused: number;
  udpDatagrams: number;
  /** null where the OS does not tell. */
  udpDrops: number | null;
}

export function connectionsNote(c: ConnectionsCounts): { note: string; alert: boolean } {
  const parts = [`${formatCount(c.connectionsTotal)} since start`];
  if (c.connectionsRefused > 0) parts.push(`${formatCount(c.connectionsRefused)} refused (over the limit)`);
  const drops = c.udpDrops ?? 0;
  if (c.udpDatagrams > 0 || drops > 0) {
    parts.push(countOf(c.udpDatagrams, 'UDP datagram'));
    if (drops > 0) parts.push(`${formatCount(drops)} dropped by the OS (buffer full)`);
  }
  return { note: parts.join(', '), alert: c.connectionsRefused > 0 || drops > 0 };
}

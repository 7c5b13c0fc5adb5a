import { describe, expect, it } from 'vitest';
import { connectionsNote } from '../../../../../src-renderer/src/lib/format/connections-note';

const quiet = { connectionsTotal: 3, connectionsRefused: 0, udpDatagrams: 0, udpDrops: 0 };

describe('connectionsNote', () => {
  it('says only the connections since start while nothing came over UDP', () => {
    expect(connectionsNote(quiet)).toEqual({ note: '3 since start', alert: false });
    expect(connectionsNote({ ...quiet, udpDrops: null })).toEqual({ note: '3 since start', alert: false });
  });

  it('adds the UDP datagrams once any arrived', () => {
    expect(connectionsNote({ ...quiet, udpDatagrams: 1 })).toEqual({ note: '3 since start, 1 UDP datagram', alert: false });
    expect(connectionsNote({ ...quiet, udpDatagrams: 2500 }).note).toBe(`3 since start, ${(2500).toLocaleString()} UDP datagrams`);
  });

  it('names kernel drops and raises the alert, since no other counter shows them', () => {
    expect(connectionsNote({ ...quiet, udpDatagrams: 10, udpDrops: 4 })).toEqual({
      note: '3 since start, 10 UDP datagrams, 4 dropped by the OS (buffer full)',
      alert: true,
    });
  });

  it('keeps refused connections in the note and the alert', () => {
    expect(connectionsNote({ ...quiet, connectionsRefused: 2 })).toEqual({
      note: '3 since start, 2 refused (over the limit)',
      alert: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { ListenerState } from '../../../../../src-shared/types';
import { badgeOf, badgeView, listenAddress } from '../../../../../src-renderer/src/lib/state/listener-badge';

/** What the badge shows for a state the engine reports: its colour and its words, whole. */
function shown(state: ListenerState): { tone: string; text: string } {
  const view = badgeView(badgeOf(state));
  return { tone: view.tone, text: view.address ? `${view.text} ${view.address}` : view.text };
}

describe('the listener status badge', () => {
  it('says Stopped, in the idle colour, when nothing listens', () => {
    expect(shown({ state: 'stopped' })).toEqual({ tone: 'idle', text: 'Stopped' });
  });

  it('says where it listens, in the ok colour, with the address apart so it can be set in bold', () => {
    expect(shown({ state: 'listening', host: '127.0.0.1', port: 9000, format: 'auto', transport: 'both' })).toEqual({
      tone: 'ok',
      text: 'Listening on 127.0.0.1:9000',
    });
    expect(badgeView(badgeOf({ state: 'listening', host: '0.0.0.0', port: 8125, format: 'statsd', transport: 'udp' })).address).toBe(
      '0.0.0.0:8125',
    );
  });

  it("shows the engine's message for an error, in the danger colour", () => {
    const state: ListenerState = { state: 'error', code: 'EADDRINUSE', message: 'port 9000 is already in use' };
    expect(shown(state)).toEqual({ tone: 'danger', text: 'Error: port 9000 is already in use' });
  });

  it("shows a failed start or stop the same way (the form's own answer, not a reported state)", () => {
    expect(badgeView({ kind: 'error', message: 'Cannot reach the Tallyline engine' })).toEqual({
      tone: 'danger',
      text: 'Error: Cannot reach the Tallyline engine',
      address: null,
    });
  });

  it("says what the user's own start or stop is doing while it runs, replacing the last answer", () => {
    expect(badgeView({ kind: 'pending', action: 'start' })).toEqual({ tone: 'idle', text: 'Starting…', address: null });
    expect(badgeView({ kind: 'pending', action: 'stop' })).toEqual({ tone: 'idle', text: 'Stopping…', address: null });
  });

  it('has no address to show unless listening', () => {
    expect(badgeView(badgeOf({ state: 'stopped' })).address).toBeNull();
    expect(badgeView(badgeOf({ state: 'error', code: 'BAD_HOST', message: 'x' })).address).toBeNull();
  });
});

describe('listenAddress', () => {
  it('writes host:port, with an IPv6 host in brackets so the port stays readable', () => {
    expect(listenAddress('127.0.0.1', 9000)).toBe('127.0.0.1:9000');
    expect(listenAddress('localhost', 0)).toBe('localhost:0');
    expect(listenAddress('::1', 9000)).toBe('[::1]:9000');
    expect(listenAddress('fe80::1%eth0', 9000)).toBe('[fe80::1%eth0]:9000');
  });
});

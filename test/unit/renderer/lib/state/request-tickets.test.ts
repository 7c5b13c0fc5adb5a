import { describe, expect, it } from 'vitest';
import { RequestTickets } from '../../../../../src-renderer/src/lib/state/request-tickets';

describe('RequestTickets', () => {
  it('counts only the answer to the latest request of a key', () => {
    const t = new RequestTickets<string>();
    const old = t.issue('signup');
    const fresh = t.issue('signup');
    expect(t.current('signup', old)).toBe(false);
    expect(t.current('signup', fresh)).toBe(true);
  });

  it('keeps keys apart: a request for one does not outdate another', () => {
    const t = new RequestTickets<string>();
    const a = t.issue('a');
    t.issue('b');
    expect(t.current('a', a)).toBe(true);
  });

  it('wants no answer for a key dropped by retain, even its latest', () => {
    const t = new RequestTickets<string>();
    const a = t.issue('a');
    const b = t.issue('b');
    t.retain((k) => k === 'b');
    expect(t.current('a', a)).toBe(false);
    expect(t.current('b', b)).toBe(true);
  });

  it('never reuses a ticket, so an answer from before a key was dropped and asked again does not count', () => {
    const t = new RequestTickets<string>();
    const first = t.issue('a');
    t.retain(() => false);
    const again = t.issue('a');
    expect(again).not.toBe(first);
    expect(t.current('a', first)).toBe(false);
  });
});

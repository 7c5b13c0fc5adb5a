import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS, fieldsOf } from '../../../../../src-renderer/src/lib/state/listener-fields';

describe('fieldsOf', () => {
  it("fills the form with the running listener's host, port, format and transport", () => {
    expect(fieldsOf({ state: 'listening', host: '127.0.0.1', port: 9471, format: 'json', transport: 'udp' })).toEqual({
      host: '127.0.0.1',
      port: '9471',
      format: 'json',
      transport: 'udp',
    });
  });

  it('leaves the form as it is while nothing listens (null)', () => {
    expect(fieldsOf({ state: 'stopped' })).toBeNull();
    expect(fieldsOf({ state: 'error', code: 'EADDRINUSE', message: 'port 9000 is already in use' })).toBeNull();
  });
});

describe('DEFAULT_FIELDS', () => {
  it('are what a fresh page shows: 127.0.0.1, port 9000, auto-detect, TCP and UDP', () => {
    expect(DEFAULT_FIELDS).toEqual({ host: '127.0.0.1', port: '9000', format: 'auto', transport: 'both' });
  });
});

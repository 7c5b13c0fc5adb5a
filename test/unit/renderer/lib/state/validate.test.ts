import { describe, expect, it } from 'vitest';
import { hostError, portError } from '../../../../../src-renderer/src/lib/state/validate';

describe('hostError (the listener form)', () => {
  it('accepts IPv4, IPv6 and host names', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost', 'ingest-1.example.com', ' 127.0.0.1 ']) {
      expect(hostError(host), host).toBeNull();
    }
  });

  it('asks for a host when the field is empty', () => {
    expect(hostError('  ')).toBe('Enter a host, e.g. 127.0.0.1 or 0.0.0.0.');
  });

  it('refuses characters no host name has', () => {
    expect(hostError('my host')).toMatch(/^Use a host name or an IP address/);
    expect(hostError('http://x')).toMatch(/^Use a host name or an IP address/);
  });

  it('refuses a name longer than DNS allows', () => {
    expect(hostError('a'.repeat(254))).toBe('A host name is at most 253 characters.');
    expect(hostError('a'.repeat(253))).toBeNull();
  });
});

describe('portError (the listener form)', () => {
  it('accepts 0 (the system picks a free port) up to 65535', () => {
    for (const port of ['0', '9000', '65535', ' 80 ']) expect(portError(port), port).toBeNull();
  });

  it('says why a port is not one', () => {
    expect(portError('')).toBe('Enter a port from 0 to 65535.');
    expect(portError('http')).toBe('A port is a whole number from 0 to 65535.');
    expect(portError('-1')).toBe('A port is a whole number from 0 to 65535.');
    expect(portError('65536')).toBe('A port is at most 65535.');
  });
});

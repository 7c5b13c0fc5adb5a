import { describe, expect, it } from 'vitest';
import { formatHostPort, isLoopbackHost, parseHostPort } from '../../../src-main/serve/host-port';

describe('parseHostPort', () => {
  it('reads HOST:PORT, [v6]:PORT and a bare port', () => {
    expect(parseHostPort('127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseHostPort('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseHostPort('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseHostPort('9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseHostPort('9000', '0.0.0.0')).toEqual({ host: '0.0.0.0', port: 9000 });
  });

  it('refuses a port out of range with the same code the API uses', () => {
    expect(() => parseHostPort('127.0.0.1:70000')).toThrow(
      expect.objectContaining({ code: 'BAD_PORT', message: expect.stringContaining('70000') }),
    );
    expect(() => parseHostPort('127.0.0.1:abc')).toThrow(expect.objectContaining({ code: 'BAD_PORT' }));
  });

  it('refuses text without a port and a bare IPv6 address', () => {
    expect(() => parseHostPort('localhost')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => parseHostPort('::1:9000')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('[::1]') }),
    );
    expect(() => parseHostPort(':9000')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('formatHostPort', () => {
  it('brackets IPv6 and leaves names and IPv4 alone', () => {
    expect(formatHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('localhost', 80)).toBe('localhost:80');
  });
});

describe('isLoopbackHost', () => {
  it('accepts only names and addresses of this machine', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com', 'localhost.example.com', '128.0.0.1', '']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

// HOST:PORT strings of the command line (`--listen`, `--to`) and the loopback test that decides
// whether `serve` may run without a token.
import { isIP } from 'node:net';
import { EngineError, validateHost, validatePort } from '../engine/index';

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Reads `HOST:PORT`, `[v6]:PORT` or a bare `PORT` (host then defaults to `defaultHost`).
 * Throws EngineError BAD_HOST / BAD_PORT with a sentence, like the API does for the same mistakes.
 */
export function parseHostPort(text: string, defaultHost = '127.0.0.1'): HostPort {
  const s = text.trim();
  if (/^\d+$/.test(s)) return { host: defaultHost, port: validatePort(s) };
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (bracketed) return { host: validateHost(bracketed[1]), port: validatePort(bracketed[2]) };
  const colon = s.lastIndexOf(':');
  // A bare IPv6 address has several colons: asking for brackets beats guessing where the port is.
  if (colon <= 0 || s.indexOf(':') !== colon) {
    throw new EngineError('BAD_REQUEST', `expected HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), not ${JSON.stringify(text)}`);
  }
  return { host: validateHost(s.slice(0, colon)), port: validatePort(s.slice(colon + 1)) };
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1].startsWith('127.');
}

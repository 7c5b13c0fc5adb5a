// Who may call the API. Three gates, each cheap: the token (when serve has one), the Origin of a
// browser request (so a web page on another site cannot drive the engine through the user's
// browser, WebSocket included), and, without a token, a loopback Host header (so a DNS-rebinding
// page cannot pose as localhost).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApiErrorBody } from '../../src-shared/errors';
import { isLoopbackHost } from './host-port';

export interface AccessPolicy {
  /** Required on every /api call and the WebSocket when set. Default null (no token). */
  token: string | null;
}

export interface Refusal {
  status: 401 | 403;
  error: ApiErrorBody;
}

/** The token of a request: `Authorization: Bearer <token>` or, for WebSockets and download links, `?token=`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  return url.searchParams.get('token');
}

/** Compares in constant time (hashing first makes the lengths equal), so timing reveals nothing. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function hostnameOf(hostHeader: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(hostHeader.trim());
  return m ? m[1] : hostHeader;
}

/** Why this /api request (or WebSocket upgrade) may not go on, or null when it may. */
export function checkAccess(req: IncomingMessage, url: URL, policy: AccessPolicy): Refusal | null {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  // `Origin: null` comes from sandboxed frames and file pages, which an attacker controls too.
  if (typeof origin === 'string') {
    let originHost: string | null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost.toLowerCase() !== host.toLowerCase()) {
      return {
        status: 403,
        error: { code: 'FORBIDDEN_ORIGIN', message: `requests from ${origin} are not allowed; open the UI from this server instead` },
      };
    }
  }
  if (policy.token === null) {
    if (!isLoopbackHost(hostnameOf(host))) {
      return {
        status: 403,
        error: { code: 'FORBIDDEN_HOST', message: `host ${JSON.stringify(host)} is not a loopback name; use 127.0.0.1 or localhost` },
      };
    }
    return null;
  }
  if (!tokenMatches(policy.token, requestToken(req, url))) {
    return {
      status: 401,
      error: { code: 'UNAUTHORIZED', message: 'this server needs its token: send Authorization: Bearer <token> or add ?token=<token>' },
    };
  }
  return null;
}

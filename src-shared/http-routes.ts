// How each Api command travels over HTTP (DESIGN §5): the one table that `tallyline serve` routes
// by and the browser's client calls by, so the two cannot disagree. Outside tools depend on these
// routes: change them only by adding.
import { ApiError } from './errors';
import type { CommandName } from './api';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  method: HttpMethod;
  /** The path; `:name` is a segment (or part of one) taken from the argument. */
  path: string;
  /**
   * Where the command's argument travels: nowhere, as the JSON body, as query parameters (an
   * object's fields; `:name` path parts take theirs from the same object), or as the one path
   * parameter (a string argument).
   */
  arg: 'none' | 'body' | 'query' | 'path';
}

export const HTTP_ROUTES: Readonly<Record<CommandName, HttpRoute>> = Object.freeze({
  status: { method: 'GET', path: '/api/status', arg: 'none' },
  startListener: { method: 'POST', path: '/api/listener/start', arg: 'body' },
  stopListener: { method: 'POST', path: '/api/listener/stop', arg: 'none' },
  getSettings: { method: 'GET', path: '/api/settings', arg: 'none' },
  updateSettings: { method: 'PATCH', path: '/api/settings', arg: 'body' },
  dropConnection: { method: 'DELETE', path: '/api/connections/:id', arg: 'path' },
  summaries: { method: 'GET', path: '/api/summaries', arg: 'query' },
  events: { method: 'GET', path: '/api/events', arg: 'query' },
  event: { method: 'GET', path: '/api/events/:name', arg: 'query' },
  // Answers the CSV itself (a download), not JSON.
  exportCsv: { method: 'GET', path: '/api/export/:what.csv', arg: 'query' },
  cluster: { method: 'GET', path: '/api/cluster', arg: 'none' },
});

/** The WebSocket of snapshots and export progress (LiveMessage frames). */
export const LIVE_SOCKET_PATH = '/api/live';

/** The path of `route` for `arg`, with its `:name` parts and (for query routes) its query filled in. */
export function routeUrl(route: HttpRoute, arg: unknown): string {
  const fields = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const used = new Set<string>();
  const path = route.path.replace(/:([a-z_]+)/g, (_m, name: string) => {
    used.add(name);
    return encodeURIComponent(String(route.arg === 'path' ? arg : fields[name]));
  });
  if (route.arg !== 'query') return path;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (!used.has(key) && value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

/** A matcher of a route's path: the values of its `:name` parts by name, or null. */
export function routeMatcher(route: HttpRoute): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z_]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+?)';
  });
  const re = new RegExp(`^${source}$`);
  return (pathname) => {
    const m = re.exec(pathname);
    if (!m) return null;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        throw new ApiError('BAD_REQUEST', `the path part ${JSON.stringify(m[i + 1])} is not valid percent-encoding`);
      }
    });
    return params;
  };
}

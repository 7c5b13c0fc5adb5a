// The headless server: node:http for the API and the built UI, the WebSocket on the same port.
// It takes a running EngineClient and knows nothing of the command line, so tests run it in-process.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { LIVE_SOCKET_PATH } from '../../src-shared/http-routes';
import { listenError, type EngineClient } from '../engine/index';
import { handleApi, type ApiContext, type ServedEngine } from './api-routes';
import { checkAccess, type AccessPolicy } from './auth';
import { formatHostPort } from './host-port';
import { sendError } from './http-json';
import { LiveSocket } from './live-socket';
import { serveStatic } from './static-files';

export interface HttpServerOptions {
  /** The engine to serve. */
  engine: ServedEngine & Pick<EngineClient, 'onSnapshot'>;
  /** Folder of the built UI (out/renderer); a 503 page says so when it holds no index.html. */
  uiDir: string;
  /** Interface to bind. Default '127.0.0.1'. */
  uiHost?: string;
  /** Port to bind; 0 picks a free one. Default 7780. */
  uiPort?: number;
  /** When set, every /api call and the WebSocket need it. Default null. */
  token?: string | null;
  /** Shortest gap between two snapshot frames to one WebSocket client, ms. Default 250. */
  minFrameGapMs?: number;
  /** How to pick another UI port, said when the port is taken. Default "pick another with --ui-port (0 picks a free one)". */
  portHint?: string;
}

export interface HttpServerHandle {
  /** `http://host:port` with the real port. */
  url: string;
  port: number;
  /** Closes the WebSocket clients and every HTTP connection, then the listening socket. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number, hint: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port, { what: 'UI port', hint }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const uiHost = opts.uiHost ?? '127.0.0.1';
  const policy: AccessPolicy = { token: opts.token ?? null };
  const live = new LiveSocket({ onSnapshot: (cb) => opts.engine.onSnapshot(cb), policy, minGapMs: opts.minFrameGapMs });
  const api: ApiContext = { engine: opts.engine, onExportProgress: (p) => live.broadcastExportProgress(p) };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    const work = async () => {
      if (!isApi) return serveStatic(req, res, url, opts.uiDir);
      const refusal = checkAccess(req, url, policy);
      if (refusal) {
        const headers: Record<string, string> = refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
        return sendError(res, refusal.error, headers);
      }
      return handleApi(req, res, url, api);
    };
    work().catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, err);
    });
  });
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === LIVE_SOCKET_PATH) live.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let port: number;
  try {
    port = await listen(server, uiHost, opts.uiPort ?? 7780, opts.portHint ?? 'pick another with --ui-port (0 picks a free one)');
  } catch (err) {
    await live.close();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    url: `http://${formatHostPort(uiHost, port)}`,
    port,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await live.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

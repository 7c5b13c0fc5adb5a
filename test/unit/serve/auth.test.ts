import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineClient } from '../../../src-main/engine/worker/client';
import { tokenMatches } from '../../../src-main/serve/auth';
import { startHttpServer, type HttpServerHandle } from '../../../src-main/serve/http-server';
import { call, startEngine, tempDir } from './support';

const TOKEN = 's3cret-token';
let dir: { dir: string; remove: () => Promise<void> };
let engine: EngineClient;
let servers: HttpServerHandle[] = [];

async function serve(uiHost: string, token: string | null): Promise<string> {
  const s = await startHttpServer({ engine, uiDir: join(dir.dir, 'no-ui'), uiHost, uiPort: 0, token });
  servers.push(s);
  return `http://127.0.0.1:${s.port}`;
}

/** Opens a WebSocket and says how it ended: 'open' or the HTTP status it was refused with. */
function tryWs(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}

/** A GET with a Host header of our choosing (fetch does not let us set it). */
function getWithHost(base: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('access to a running server', () => {
  beforeEach(async () => {
    dir = await tempDir();
    engine = await startEngine(join(dir.dir, 'data'));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    await engine.shutdown();
    await dir.remove();
  });

  describe('a server with a token', () => {
    it('bound to every interface, needs the token on every API call and the WebSocket, but not for the UI page', async () => {
      const base = await serve('0.0.0.0', TOKEN);
      const without = await call(base, 'GET', '/api/status');
      expect(without.status).toBe(401);
      expect(without.body.error.code).toBe('UNAUTHORIZED');
      expect(without.headers.get('www-authenticate')).toBe('Bearer');
      expect((await call(base, 'GET', '/api/status', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await call(base, 'POST', '/api/listener/start', { port: 0 })).status).toBe(401);
      expect((await call(base, 'GET', '/api/status', undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await call(base, 'GET', `/api/status?token=${TOKEN}`)).status).toBe(200);
      expect((await fetch(`${base}/api/export/summaries.csv?token=${TOKEN}`)).status).toBe(200);
      // The page itself carries no data; it reads the token from its own URL.
      expect((await fetch(`${base}/`)).status).toBe(503);

      const ws = base.replace('http:', 'ws:') + '/api/live';
      expect(await tryWs(ws)).toBe(401);
      expect(await tryWs(`${ws}?token=wrong`)).toBe(401);
      expect(await tryWs(`${ws}?token=${TOKEN}`)).toBe('open');
      expect(await tryWs(ws, { authorization: `Bearer ${TOKEN}` })).toBe('open');
    });
  });

  describe('a loopback server without a token', () => {
    it('refuses calls and WebSockets from a page of another origin', async () => {
      const base = await serve('127.0.0.1', null);
      const host = new URL(base).host;
      expect((await call(base, 'GET', '/api/status', undefined, { origin: `http://${host}` })).status).toBe(200);
      const cross = await call(base, 'POST', '/api/listener/stop', undefined, { origin: 'http://evil.example' });
      expect(cross.status).toBe(403);
      expect(cross.body.error.code).toBe('FORBIDDEN_ORIGIN');
      expect((await call(base, 'GET', '/api/status', undefined, { origin: 'null' })).status).toBe(403);
      const ws = base.replace('http:', 'ws:') + '/api/live';
      expect(await tryWs(ws, { origin: 'http://evil.example' })).toBe(403);
      expect(await tryWs(ws, { origin: `http://${host}` })).toBe('open');
    });

    it('refuses a Host header that is not loopback (DNS rebinding) but serves localhost', async () => {
      const base = await serve('127.0.0.1', null);
      const port = new URL(base).port;
      expect(await getWithHost(base, '/api/status', `evil.example:${port}`)).toBe(403);
      expect(await getWithHost(base, '/api/status', `localhost:${port}`)).toBe(200);
      expect(await getWithHost(base, '/api/status', `127.0.0.1:${port}`)).toBe(200);
    });
  });
});

describe('tokenMatches', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
  });
});

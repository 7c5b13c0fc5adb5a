import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveUnder, serveStatic } from '../../../src-main/serve/static-files';
import { tempDir } from './support';

let server: Server;
let base: string;
let root: { dir: string; remove: () => Promise<void> };

async function serve(uiDir: string): Promise<void> {
  server = createServer((req, res) => void serveStatic(req, res, new URL(req.url ?? '/', 'http://x'), uiDir));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(base + '/', { method: 'GET', path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeEach(async () => {
  root = await tempDir();
});
afterEach(async () => {
  await new Promise((r) => server?.close(r));
  await root.remove();
});

describe('serveStatic', () => {
  it('serves index.html for / and files with their content types', async () => {
    const ui = join(root.dir, 'renderer');
    await mkdir(join(ui, 'assets'), { recursive: true });
    await writeFile(join(ui, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(ui, 'assets', 'index-abc.js'), 'export {}');
    await writeFile(join(ui, 'assets', 'index-abc.css'), 'body{}');
    await writeFile(join(root.dir, 'secret.txt'), 'secret');
    await serve(ui);

    const index = await fetch(base + '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>t</title>');
    const js = await fetch(base + '/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(base + '/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(base + '/nope.js')).status).toBe(404);
    expect((await fetch(base + '/', { method: 'POST' })).status).toBe(405);
    const head = await fetch(base + '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('31');
  });

  it('never serves a file outside the UI folder', async () => {
    const ui = join(root.dir, 'renderer');
    await mkdir(ui);
    await writeFile(join(ui, 'index.html'), 'ui');
    await writeFile(join(root.dir, 'secret.txt'), 'secret');
    await serve(ui);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('secret');
    }
  });

  it('answers 503 with a page that says how to build when the UI is missing', async () => {
    await serve(join(root.dir, 'not-built'));
    const res = await fetch(base + '/');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('npm run build');
  });
});

describe('resolveUnder', () => {
  it('maps a directory path to its index.html and refuses escapes', () => {
    expect(resolveUnder('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(resolveUnder('/srv/ui', '/a/b.js')).toBe('/srv/ui/a/b.js');
    expect(resolveUnder('/srv/ui', '/../ui2/x')).toBeNull();
    expect(resolveUnder('/srv/ui', '/%2e%2e%2fetc/passwd')).toBeNull();
  });

  it('knows the content types a Vite build produces', () => {
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

// Which page may talk to the engine: the app's own renderer, loaded from out/renderer/index.html
// or, in development, from electron-vite's dev server. Everything here is pure so the checks that
// guard IPC can be tested without Electron.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent, WebContents } from 'electron';

export interface AppPageOptions {
  /** Folder of the built renderer (holds index.html). */
  rendererDir: string;
  /** The dev server URL (process.env.ELECTRON_RENDERER_URL); only honoured when not packaged. Default none. */
  devServerUrl?: string;
}

/** The URL the main window loads, and the only one whose frames are trusted. */
export function appPageUrl(opts: AppPageOptions): string {
  if (opts.devServerUrl) return new URL(opts.devServerUrl).href;
  return pathToFileURL(join(opts.rendererDir, 'index.html')).href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `url` is the app's page. A file:// page must be the very same file (any other local
 * file could have been written by anyone); a dev-server page must share its origin, since the
 * dev server routes every path to the app. Query and fragment never matter.
 */
export function isAppPage(url: string, appPage: string): boolean {
  const candidate = parse(url);
  const expected = parse(appPage);
  if (!candidate || !expected || candidate.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:') return candidate.host === expected.host && candidate.pathname === expected.pathname;
  if (expected.protocol === 'http:' || expected.protocol === 'https:') return candidate.origin === expected.origin;
  return false;
}

/**
 * The sender check every IPC handler runs first: the call must come from the trusted window's
 * webContents, from its top frame (no iframe, even one showing our page), currently on our page.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  trusted: WebContents | null,
  appPage: string,
): boolean {
  if (!trusted || trusted.isDestroyed() || event.sender !== trusted) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppPage(frame.url, appPage);
}

/**
 * The Content-Security-Policy of the app's page. Scripts only from the app itself; no eval, no
 * plugins, no frames, no forms, no base-URI tricks. Inline styles stay allowed because Svelte
 * and Chart.js set style attributes; the dev server also needs its HMR WebSocket.
 */
export function contentSecurityPolicy(appPage: string): string {
  const page = parse(appPage);
  const devSocket =
    page && (page.protocol === 'http:' || page.protocol === 'https:') ? ` ${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${devSocket}`,
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

import type { Api } from '../../../../src-shared/api';
import { decodeBridgedErrors } from '../../../../src-shared/bridged-errors';
import { HttpApi } from './http-client';

/**
 * The one Api the UI talks to: the preload's `window.tallyline` inside Electron (the error codes
 * it carries in messages put back into `code`), otherwise the HTTP/WebSocket client for the
 * `tallyline serve` that served this page. The token, if any, comes from the page URL's `?token=`
 * (what serve prints for a non-loopback UI).
 */
export function connectApi(win: Window = window): Api {
  if (win.tallyline) return decodeBridgedErrors(win.tallyline);
  const token = new URL(win.location.href).searchParams.get('token');
  return new HttpApi({ base: win.location.origin, token });
}

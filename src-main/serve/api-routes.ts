// The /api routes of DESIGN §5 over an EngineClient: each route validates its input with the shared
// validators, calls the host, and answers JSON (or streams CSV). Errors become the §5 envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportKind, ExportProgress, ListenerState } from '../../src-shared/types';
import type { EngineClient } from '../engine/worker/client';
import { EngineError } from '../engine/errors';
import { countWindows } from '../engine/journal/reader';
import {
  validateConnectionId,
  validateExportRequest,
  validateSettingsPatch,
  validateStartListener,
  validateTimeRange,
} from '../engine/validate';
import { readJsonBody, sendError, sendJson, sendNoContent } from './http-json';

/** What the routes use of an EngineClient. */
export type ServedEngine = Pick<
  EngineClient,
  'dataDir' | 'status' | 'startListener' | 'stopListener' | 'getSettings' | 'updateSettings' | 'dropConnection' | 'summaries' | 'exportCsv'
>;

export interface ApiContext {
  engine: ServedEngine;
  /** Where export progress goes (the WebSocket clients). */
  onExportProgress: (p: ExportProgress) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: string[], ctx: ApiContext) => Promise<void>;

interface Route {
  method: string;
  path: RegExp;
  handle: Handler;
}

function rangeOf(url: URL) {
  return validateTimeRange({ from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined });
}

/** A listener that could not start is an error to an HTTP caller, whether the host threw it or reported it. */
function listenerResult(state: ListenerState): ListenerState {
  if (state.state === 'error') throw new EngineError(state.code, state.message);
  return state;
}

function exportRoute(what: ExportKind): Handler {
  return async (_req, res, url, _params, ctx) => {
    const request = validateExportRequest({
      what,
      from: url.searchParams.get('from') ?? undefined,
      to: url.searchParams.get('to') ?? undefined,
      tz: url.searchParams.get('tz') ?? undefined,
    });
    // The count goes in a header, before the body, so a browser can show progress while it reads.
    const windows = await countWindows(ctx.engine.dataDir, { from: request.from, to: request.to });
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${what}.csv"`,
      'X-Tallyline-Windows': String(windows),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await ctx.engine.exportCsv(request, res, ctx.onExportProgress);
    } catch (err) {
      // Headers are gone: aborting is the only way to tell the client the file is incomplete.
      res.destroy(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (!res.writableEnded) res.end();
  };
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/api\/status$/, handle: async (_q, res, _u, _p, ctx) => sendJson(res, 200, await ctx.engine.status()) },
  {
    method: 'POST',
    path: /^\/api\/listener\/start$/,
    handle: async (req, res, _u, _p, ctx) => {
      const body = validateStartListener(await readJsonBody(req));
      sendJson(res, 200, listenerResult(await ctx.engine.startListener(body)));
    },
  },
  {
    method: 'POST',
    path: /^\/api\/listener\/stop$/,
    handle: async (req, res, _u, _p, ctx) => {
      await readJsonBody(req); // a body is allowed but means nothing; it must still be read
      sendJson(res, 200, await ctx.engine.stopListener());
    },
  },
  { method: 'GET', path: /^\/api\/settings$/, handle: async (_q, res, _u, _p, ctx) => sendJson(res, 200, await ctx.engine.getSettings()) },
  {
    method: 'PATCH',
    path: /^\/api\/settings$/,
    handle: async (req, res, _u, _p, ctx) => {
      const patch = validateSettingsPatch(await readJsonBody(req));
      sendJson(res, 200, await ctx.engine.updateSettings(patch));
    },
  },
  {
    method: 'GET',
    path: /^\/api\/summaries$/,
    handle: async (_q, res, url, _p, ctx) => sendJson(res, 200, await ctx.engine.summaries(rangeOf(url))),
  },
  { method: 'GET', path: /^\/api\/export\/summaries\.csv$/, handle: exportRoute('summaries') },
  { method: 'GET', path: /^\/api\/export\/event_counts\.csv$/, handle: exportRoute('event_counts') },
  {
    method: 'DELETE',
    path: /^\/api\/connections\/([^/]+)$/,
    handle: async (_q, res, _u, params, ctx) => {
      // A malformed id is bad input (400); a well-formed one the engine does not know is NOT_FOUND (404).
      const id = validateConnectionId(decodeURIComponent(params[0]));
      await ctx.engine.dropConnection(id);
      sendNoContent(res);
    },
  },
];

/** Answers one request under /api (access already checked). Never throws. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  try {
    const matches = ROUTES.map((r) => ({ r, m: r.path.exec(url.pathname) })).filter((x) => x.m !== null);
    if (matches.length === 0) throw new EngineError('NOT_FOUND', `no such API route: ${req.method} ${url.pathname}`);
    const hit = matches.find((x) => x.r.method === req.method);
    if (!hit) {
      const allow = matches.map((x) => x.r.method).join(', ');
      sendError(res, new EngineError('METHOD_NOT_ALLOWED', `${url.pathname} takes ${allow}, not ${req.method}`), 405, { Allow: allow });
      return;
    }
    await hit.r.handle(req, res, url, hit.m!.slice(1), ctx);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else sendError(res, err);
  }
}

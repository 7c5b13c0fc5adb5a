// The /api routes of DESIGN §5 over an EngineClient: each request is matched to its command in
// HTTP_ROUTES (src-shared), its argument checked with COMMAND_VALIDATORS (the table every host
// uses), then the engine answers JSON (or streams CSV). Errors become the §5 envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_ROUTES, routeMatcher, type HttpRoute } from '../../src-shared/http-routes';
import { COMMAND_NAMES, type ApiCommands, type CommandName, type ExportProgress } from '../../src-shared/api';
import { type ListenerState } from '../../src-shared/types';
import { COMMAND_VALIDATORS, EngineError, countWindows, type EngineClient } from '../engine/index';
import { readJsonBody, sendError, sendJson, sendNoContent } from './http-json';

/** What the routes use of an EngineClient. */
export type ServedEngine = Pick<
  EngineClient,
  | 'dataDir'
  | 'status'
  | 'startListener'
  | 'stopListener'
  | 'getSettings'
  | 'updateSettings'
  | 'dropConnection'
  | 'summaries'
  | 'events'
  | 'event'
  | 'exportCsv'
  | 'cluster'
>;

export interface ApiContext {
  engine: ServedEngine;
  /** Where export progress goes (the WebSocket clients). */
  onExportProgress: (p: ExportProgress) => void;
}

type Answer<K extends CommandName> = (arg: ApiCommands[K]['arg'], res: ServerResponse, ctx: ApiContext) => Promise<void>;

/** A listener that could not start is an error to an HTTP caller, whether the engine threw it or reported it. */
function listenerResult(state: ListenerState): ListenerState {
  if (state.state === 'error') throw new EngineError(state.code, state.message);
  return state;
}

const json =
  <K extends CommandName>(call: (engine: ServedEngine, arg: ApiCommands[K]['arg']) => Promise<unknown>): Answer<K> =>
  async (arg, res, ctx) =>
    sendJson(res, 200, await call(ctx.engine, arg));

/** How each command answers once its argument is checked. */
const ANSWERS: { [K in CommandName]: Answer<K> } = {
  status: json((e) => e.status()),
  cluster: json((e) => e.cluster()),
  startListener: json(async (e, req) => listenerResult(await e.startListener(req))),
  stopListener: json((e) => e.stopListener()),
  getSettings: json((e) => e.getSettings()),
  updateSettings: json((e, patch) => e.updateSettings(patch)),
  dropConnection: async (id, res, ctx) => {
    await ctx.engine.dropConnection(id);
    sendNoContent(res);
  },
  summaries: json((e, range) => e.summaries(range)),
  events: json((e, query) => e.events(query)),
  event: json((e, query) => e.event(query)),
  exportCsv: async (request, res, ctx) => {
    // The count goes in a header, before the body, so a browser can show progress while it reads.
    const windows = await countWindows(ctx.engine.dataDir, { from: request.from, to: request.to });
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${request.what}.csv"`,
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
  },
};

/** The command's argument as the request carries it, not yet checked. */
async function rawArgument(route: HttpRoute, req: IncomingMessage, url: URL, params: Record<string, string>): Promise<unknown> {
  switch (route.arg) {
    case 'none':
      // A body is allowed but means nothing; it must still be read.
      if (req.method !== 'GET') await readJsonBody(req);
      return undefined;
    case 'body':
      return readJsonBody(req);
    case 'query':
      return { ...Object.fromEntries(url.searchParams), ...params };
    case 'path':
      return Object.values(params)[0];
  }
}

const ROUTES = COMMAND_NAMES.map((name) => ({ name, route: HTTP_ROUTES[name], match: routeMatcher(HTTP_ROUTES[name]) }));

async function answer<K extends CommandName>(name: K, raw: unknown, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const arg = COMMAND_VALIDATORS[name](raw) as ApiCommands[K]['arg'];
  await (ANSWERS[name] as Answer<K>)(arg, res, ctx);
}

/** Answers one request under /api (access already checked). Never throws. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  try {
    const matches = ROUTES.map((r) => ({ ...r, params: r.match(url.pathname) })).filter((r) => r.params !== null);
    if (matches.length === 0) throw new EngineError('NOT_FOUND', `no such API route: ${req.method} ${url.pathname}`);
    const hit = matches.find((r) => r.route.method === req.method);
    if (!hit) {
      const allow = [...new Set(matches.map((r) => r.route.method))].join(', ');
      sendError(res, new EngineError('METHOD_NOT_ALLOWED', `${url.pathname} takes ${allow}, not ${req.method}`), { Allow: allow });
      return;
    }
    await answer(hit.name, await rawArgument(hit.route, req, url, hit.params!), res, ctx);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else sendError(res, err);
  }
}

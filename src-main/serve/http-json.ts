// JSON in and out of node:http: the error envelope of DESIGN §5 with its HTTP status, and a
// capped body reader so a huge or endless body cannot exhaust memory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toErrorBody, type ApiErrorBody, type ErrorCode } from '../../src-shared/errors';
import { EngineError } from '../engine/index';

/** Largest request body accepted; API bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP status of every error code: bad input is 4xx, never 500 (a new code must be placed here to compile). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BAD_PORT: 400,
  BAD_HOST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  TOKEN_REQUIRED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  FORBIDDEN_ORIGIN: 403,
  FORBIDDEN_HOST: 403,
  EADDRINUSE: 409,
  EACCES: 409,
  EADDRNOTAVAIL: 409,
  LISTEN_FAILED: 500,
  DATA_DIR_LOCKED: 409,
  JOURNAL_BUSY: 503,
  JOURNAL_READ_FAILED: 500,
  JOURNAL_WRITE_FAILED: 500,
  JOURNAL_CLOSED: 503,
  JOURNAL_COMPACT_FAILED: 500,
  EXPORT_FAILED: 500,
  EXPORT_ABORTED: 500,
  ENGINE_DOWN: 503,
  UNREACHABLE: 502,
  INTERNAL: 500,
});

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, NO_STORE);
  res.end();
}

/** `{"error": {code, message}}` with the status its code maps to. */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const error: ApiErrorBody = toErrorBody(err);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  // The rest of an oversized body is never read: closing is cheaper than draining it.
  if (error.code === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
  sendJson(res, HTTP_STATUS[error.code], { error });
}

/**
 * The parsed JSON body, or undefined when there is none. Throws EngineError BAD_JSON for text that
 * is not JSON, PAYLOAD_TOO_LARGE past `maxBytes` (default MAX_BODY_BYTES). The Content-Type is not
 * checked (curl sends form type by default); checkAccess's Origin gate is what stops cross-site posts.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw new EngineError('PAYLOAD_TOO_LARGE', `request body is over ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new EngineError('PAYLOAD_TOO_LARGE', `request body is over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new EngineError('BAD_JSON', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

// The one vocabulary of failures: every error that crosses a boundary (worker, IPC, HTTP, CLI)
// carries one of these codes and a sentence for a person. Hosts map codes to what their transport
// needs (HTTP status, CLI exit code) with exhaustive Record<ErrorCode, …> tables, so a new code
// cannot silently fall through to a 500.

/** Every code, in groups; ERROR_CODES below lists them for runtime checks. */
export type ErrorCode =
  // What the caller sent is wrong: fix the input and try again.
  | 'BAD_REQUEST'
  | 'BAD_JSON'
  | 'BAD_PORT'
  | 'BAD_HOST'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOKEN_REQUIRED'
  // Who is calling is not allowed to.
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'FORBIDDEN_ORIGIN'
  | 'FORBIDDEN_HOST'
  // A listener (ingest, or serve's own UI port) could not bind.
  | 'EADDRINUSE'
  | 'EACCES'
  | 'EADDRNOTAVAIL'
  | 'LISTEN_FAILED'
  // History on disk.
  | 'DATA_DIR_LOCKED'
  | 'JOURNAL_BUSY'
  | 'JOURNAL_READ_FAILED'
  | 'JOURNAL_WRITE_FAILED'
  | 'JOURNAL_CLOSED'
  | 'JOURNAL_COMPACT_FAILED'
  // An export that could not be written, or whose reader went away.
  | 'EXPORT_FAILED'
  | 'EXPORT_ABORTED'
  // The engine or the link to it.
  | 'ENGINE_DOWN'
  | 'UNREACHABLE'
  | 'INTERNAL';

const CODES: Record<ErrorCode, true> = {
  BAD_REQUEST: true,
  BAD_JSON: true,
  BAD_PORT: true,
  BAD_HOST: true,
  NOT_FOUND: true,
  METHOD_NOT_ALLOWED: true,
  PAYLOAD_TOO_LARGE: true,
  TOKEN_REQUIRED: true,
  UNAUTHORIZED: true,
  FORBIDDEN: true,
  FORBIDDEN_ORIGIN: true,
  FORBIDDEN_HOST: true,
  EADDRINUSE: true,
  EACCES: true,
  EADDRNOTAVAIL: true,
  LISTEN_FAILED: true,
  DATA_DIR_LOCKED: true,
  JOURNAL_BUSY: true,
  JOURNAL_READ_FAILED: true,
  JOURNAL_WRITE_FAILED: true,
  JOURNAL_CLOSED: true,
  JOURNAL_COMPACT_FAILED: true,
  EXPORT_FAILED: true,
  EXPORT_ABORTED: true,
  ENGINE_DOWN: true,
  UNREACHABLE: true,
  INTERNAL: true,
};

export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(Object.keys(CODES) as ErrorCode[]);

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && Object.hasOwn(CODES, x);
}

/** What every failing call carries: a stable code and a sentence for a person. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}

/** The reply envelope of a command over IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** What a failed Api call rejects with, on every side: the sentence as message, the code as `code`. */
export class ApiError extends Error implements ApiErrorBody {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/**
 * Anything thrown, as an ApiErrorBody, without a stack trace. An object with a known code keeps
 * it; anything else is INTERNAL with its message (a bug of ours, not the caller's input).
 */
export function toErrorBody(err: unknown): ApiErrorBody {
  const e = err as Partial<Record<'code' | 'message', unknown>> | null;
  if (e && typeof e === 'object' && isErrorCode(e.code) && typeof e.message === 'string') return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

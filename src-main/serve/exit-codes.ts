// What `tallyline` exits with for each error code: 2 for a mistake in what was typed (fix the
// command and run it again), 1 for something that went wrong while running. Exhaustive, so a new
// error code must be placed here to compile.
import type { ErrorCode } from '../../src-shared/errors';

export const USAGE_EXIT = 2;
export const FAILURE_EXIT = 1;

export const EXIT_CODES: Readonly<Record<ErrorCode, typeof USAGE_EXIT | typeof FAILURE_EXIT>> = Object.freeze({
  BAD_REQUEST: USAGE_EXIT,
  BAD_JSON: USAGE_EXIT,
  BAD_PORT: USAGE_EXIT,
  BAD_HOST: USAGE_EXIT,
  NOT_FOUND: USAGE_EXIT,
  TOKEN_REQUIRED: USAGE_EXIT,
  // Another process owns the data folder: run this one with another --data-dir.
  DATA_DIR_LOCKED: USAGE_EXIT,
  METHOD_NOT_ALLOWED: FAILURE_EXIT,
  PAYLOAD_TOO_LARGE: FAILURE_EXIT,
  UNAUTHORIZED: FAILURE_EXIT,
  FORBIDDEN: FAILURE_EXIT,
  FORBIDDEN_ORIGIN: FAILURE_EXIT,
  FORBIDDEN_HOST: FAILURE_EXIT,
  EADDRINUSE: FAILURE_EXIT,
  EACCES: FAILURE_EXIT,
  EADDRNOTAVAIL: FAILURE_EXIT,
  LISTEN_FAILED: FAILURE_EXIT,
  JOURNAL_BUSY: FAILURE_EXIT,
  JOURNAL_READ_FAILED: FAILURE_EXIT,
  JOURNAL_WRITE_FAILED: FAILURE_EXIT,
  JOURNAL_CLOSED: FAILURE_EXIT,
  JOURNAL_COMPACT_FAILED: FAILURE_EXIT,
  EXPORT_FAILED: FAILURE_EXIT,
  EXPORT_ABORTED: FAILURE_EXIT,
  ENGINE_DOWN: FAILURE_EXIT,
  UNREACHABLE: FAILURE_EXIT,
  INTERNAL: FAILURE_EXIT,
});

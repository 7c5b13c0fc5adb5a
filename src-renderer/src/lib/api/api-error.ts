import type { ApiErrorBody } from '../../../../src-shared/types';

/** What every failing Api call rejects with: the server's stable code plus a sentence for a person. */
export class ApiError extends Error {
  readonly code: string;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
  }
}

/** The human message of anything a call threw, for display next to the control that failed. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'Something went wrong.';
}

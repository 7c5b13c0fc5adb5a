import type { ApiErrorBody } from '../../src-shared/types';

/** An error meant for a person: a stable code and a sentence. Crosses every host boundary as ApiErrorBody. */
export class EngineError extends Error implements ApiErrorBody {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as an ApiErrorBody, without leaking stack traces. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof EngineError) return err.toBody();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: unknown; message: unknown };
    if (typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

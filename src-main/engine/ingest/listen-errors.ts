// Turns the errors of net.Server#listen into sentences a user can act on, with stable codes the UI
// and the HTTP API can branch on: the one errno table for every listener Tallyline opens (the
// ingest listener, and serve's own UI port, which names itself and adds a hint).
import type { ListenerErrorCode } from '../../../src-shared/types';
import { EngineError } from '../errors';

export interface ListenErrorWording {
  /** What is listening, as the sentence starts: default "port" (the ingest port), e.g. "UI port". */
  what?: string;
  /** How to pick another port, appended to the EADDRINUSE sentence; default none. */
  hint?: string;
}

export function listenError(err: NodeJS.ErrnoException, host: string, port: number, wording: ListenErrorWording = {}): EngineError {
  const what = wording.what ?? 'port';
  const where = `${host}:${port}`;
  const code = err.code ?? '';
  const known: Record<string, [ListenerErrorCode, string]> = {
    EADDRINUSE: ['EADDRINUSE', `${what} ${port} is already in use on ${host}${wording.hint ? `; ${wording.hint}` : ''}`],
    EACCES: ['EACCES', `permission denied to listen on ${where}${port < 1024 ? ' (ports below 1024 need administrator rights)' : ''}`],
    EPERM: ['EACCES', `permission denied to listen on ${where}`],
    EADDRNOTAVAIL: ['EADDRNOTAVAIL', `address ${host} is not available on this machine`],
    ENOTFOUND: ['BAD_HOST', `host ${host} could not be resolved`],
    EAI_AGAIN: ['BAD_HOST', `host ${host} could not be resolved`],
    EINVAL: ['BAD_HOST', `cannot listen on ${where}: invalid address`],
  };
  const hit = known[code];
  if (hit) return new EngineError(hit[0], hit[1]);
  return new EngineError('LISTEN_FAILED', `cannot listen on ${where}: ${err.message}`);
}

/** The ListenerErrorCode of an error's code: a code that is not a listener's becomes LISTEN_FAILED. */
export function listenerErrorCode(code: string): ListenerErrorCode {
  return ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'BAD_HOST', 'BAD_PORT'].includes(code) ? (code as ListenerErrorCode) : 'LISTEN_FAILED';
}

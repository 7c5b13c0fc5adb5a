// Turns the errors of net.Server#listen into sentences a user can act on, with stable codes the UI
// and the HTTP API can branch on.
import type { ListenerErrorCode } from '../../../src-shared/types';
import { EngineError } from '../errors';

export function listenError(err: NodeJS.ErrnoException, host: string, port: number): EngineError {
  const where = `${host}:${port}`;
  const code = (err.code ?? '') as string;
  const known: Record<string, [ListenerErrorCode, string]> = {
    EADDRINUSE: ['EADDRINUSE', `port ${port} is already in use on ${host}`],
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

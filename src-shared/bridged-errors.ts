// Electron's contextBridge copies only `message` of a rejected Error (electron/electron#25596), so
// an error code would not reach the page. The preload wraps every command so that it rejects with
// `[CODE] sentence`; the renderer wraps the exposed Api back so that it rejects with an ApiError
// whose `code` is that CODE and whose message is the plain sentence. Both sides are here, as
// inverses, so they cannot drift apart. Only the first prefix is taken, so a sentence that itself
// starts with `[` comes back intact.
import { ApiError, isErrorCode, toErrorBody, type ApiErrorBody } from './errors';
import { COMMAND_NAMES, type Api } from './api';

const BRIDGED_PREFIX = /^\[([A-Z_]+)\] /;

export function encodeBridgedError(body: ApiErrorBody): string {
  return `[${isErrorCode(body.code) ? body.code : 'INTERNAL'}] ${body.message}`;
}

/** The inverse of encodeBridgedError; a message without a known code did not come through it, so INTERNAL. */
export function decodeBridgedError(message: string): ApiErrorBody {
  const match = BRIDGED_PREFIX.exec(message);
  if (!match || !isErrorCode(match[1])) return { code: 'INTERNAL', message };
  return { code: match[1], message: message.slice(match[0].length) };
}

/** The Api with every command's rejection replaced by `map(err)`; subscriptions pass unchanged. */
function mapCommandErrors(api: Api, map: (err: unknown) => Error): Api {
  const mapped: Api = { ...api };
  for (const name of COMMAND_NAMES) {
    const command = api[name] as (...args: unknown[]) => Promise<unknown>;
    Object.assign(mapped, {
      [name]: (...args: unknown[]) =>
        command.apply(api, args).catch((err: unknown) => {
          throw map(err);
        }),
    });
  }
  return mapped;
}

/** What the preload hands to contextBridge: commands reject with `[CODE] sentence` in the message. */
export function encodeBridgedErrors(api: Api): Api {
  return mapCommandErrors(api, (err) => new Error(encodeBridgedError(toErrorBody(err))));
}

/** What the renderer makes of window.tallyline: commands reject with ApiError again. */
export function decodeBridgedErrors(exposed: Api): Api {
  return mapCommandErrors(exposed, (err) => {
    const { code, message } = decodeBridgedError(err instanceof Error ? err.message : String(err));
    return new ApiError(code, message);
  });
}

import { BRIDGED_ERROR_PREFIX_SOURCE, COMMAND_NAMES, type Api, type ApiErrorBody } from '../../../../src-shared/types';
import { ApiError } from './api-error';

const BRIDGED_PREFIX = new RegExp(BRIDGED_ERROR_PREFIX_SOURCE);

/**
 * The code and the plain sentence of a message the preload wrote as `[CODE] sentence`. Only the
 * first prefix is taken, so a sentence that starts with `[` stays whole. A message without the
 * prefix did not come through the preload's encoding; the Api still promises a code, so INTERNAL.
 */
export function decodeErrorCode(message: string): ApiErrorBody {
  const match = BRIDGED_PREFIX.exec(message);
  if (!match) return { code: 'INTERNAL', message };
  return { code: match[1]!, message: message.slice(match[0].length) };
}

/**
 * The preload's `window.tallyline` as the Api promises it: a rejected command becomes an ApiError
 * with `code` and the message a person should read, never the `[CODE]` prefix that carried the code
 * across contextBridge. Subscriptions pass unchanged.
 */
export function decodeErrorCodes(exposed: Api): Api {
  const decoded: Api = { ...exposed };
  for (const name of COMMAND_NAMES) {
    const command = exposed[name] as (...args: unknown[]) => Promise<unknown>;
    Object.assign(decoded, {
      [name]: (...args: unknown[]) =>
        command.apply(exposed, args).catch((err: unknown) => {
          throw new ApiError(decodeErrorCode(err instanceof Error ? err.message : String(err)));
        }),
    });
  }
  return decoded;
}

// The Api as the preload builds it from ipcRenderer: one function per command that unwraps the
// Result envelope, and onX(cb) subscriptions that hand the callback the payload only (never the
// IPC event, which carries `sender`) and return an unsubscribe. Kept apart from preload.ts so the
// contract test can build it on a fake ipcRenderer. encodeErrorCodes() readies it for contextBridge.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  BRIDGED_ERROR_PREFIX_SOURCE,
  COMMAND_CHANNEL_PREFIX,
  COMMAND_NAMES,
  PUSH_CHANNEL_PREFIX,
  type Api,
  type ApiCommands,
  type ApiErrorBody,
  type ApiPushes,
  type CommandName,
  type PushName,
  type Result,
  type Unsubscribe,
} from '../../src-shared/types';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** What a failed call rejects with: the sentence as message, the stable code as `code`. */
export class ApiCallError extends Error implements ApiErrorBody {
  readonly code: string;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
    this.code = body.code;
  }
}

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok: unknown }).ok === 'boolean';
}

export function createPreloadApi(ipc: IpcRendererLike): Api {
  async function call<K extends CommandName>(name: K, ...arg: [] | [ApiCommands[K]['arg']]): Promise<ApiCommands[K]['result']> {
    const reply: unknown = await ipc.invoke(`${COMMAND_CHANNEL_PREFIX}${name}`, ...arg);
    if (!isResult(reply)) throw new ApiCallError({ code: 'INTERNAL', message: `${name}: the app sent a malformed reply` });
    if (!reply.ok) throw new ApiCallError(reply.error);
    return reply.value as ApiCommands[K]['result'];
  }

  function subscribe<K extends PushName>(name: K, cb: (payload: ApiPushes[K]) => void): Unsubscribe {
    if (typeof cb !== 'function') throw new TypeError(`on${name[0]!.toUpperCase()}${name.slice(1)} needs a callback function`);
    const channel = `${PUSH_CHANNEL_PREFIX}${name}`;
    const listener = (_event: IpcRendererEvent, payload: ApiPushes[K]) => cb(payload);
    ipc.on(channel, listener);
    return () => {
      ipc.removeListener(channel, listener);
    };
  }

  return {
    status: () => call('status'),
    startListener: (req) => call('startListener', req),
    stopListener: () => call('stopListener'),
    getSettings: () => call('getSettings'),
    updateSettings: (patch) => call('updateSettings', patch),
    dropConnection: (id) => call('dropConnection', id),
    summaries: (range) => call('summaries', range),
    exportCsv: (req) => call('exportCsv', req),
    onSnapshot: (cb) => subscribe('snapshot', cb),
    onExportProgress: (cb) => subscribe('exportProgress', cb),
    // IPC to the main process has no link that can drop: it is open for as long as the page lives.
    onLink: (cb) => {
      cb('open');
      return () => {};
    },
  };
}

const BRIDGED_PREFIX = new RegExp(BRIDGED_ERROR_PREFIX_SOURCE);

/** `[CODE] message`, the form in which a code survives contextBridge (BRIDGED_ERROR_PREFIX_SOURCE). */
export function encodeErrorCode(body: ApiErrorBody): string {
  const encoded = `[${body.code}] ${body.message}`;
  // A code the prefix cannot hold (empty, or with `]` or a space) would be read back as another
  // code; INTERNAL is at least true.
  return BRIDGED_PREFIX.exec(encoded)?.[1] === body.code ? encoded : `[INTERNAL] ${body.message}`;
}

function errorBodyOf(err: unknown): ApiErrorBody {
  const e = err as Partial<Record<keyof ApiErrorBody, unknown>> | null;
  if (typeof e?.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * The Api as preload.ts hands it to contextBridge: every command rejects with an Error whose
 * message starts with its code, because contextBridge passes on `message` only. The renderer's
 * bridge undoes this (src-renderer/src/lib/api/bridged-errors.ts); subscriptions pass unchanged.
 */
export function encodeErrorCodes(api: Api): Api {
  const encoded: Api = { ...api };
  for (const name of COMMAND_NAMES) {
    const command = api[name] as (...args: unknown[]) => Promise<unknown>;
    Object.assign(encoded, {
      [name]: (...args: unknown[]) =>
        command.apply(api, args).catch((err: unknown) => {
          throw new Error(encodeErrorCode(errorBodyOf(err)));
        }),
    });
  }
  return encoded;
}

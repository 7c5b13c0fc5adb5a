// The Api as the preload builds it from ipcRenderer: one function per command that unwraps the
// Result envelope, and onX(cb) subscriptions that hand the callback the payload only (never the
// IPC event, which carries `sender`) and return an unsubscribe. Kept apart from preload.ts so the
// contract test can build it on a fake ipcRenderer; preload.ts readies it for contextBridge with
// encodeBridgedErrors (src-shared/bridged-errors).
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { ApiError, type Result } from '../../src-shared/errors';
import {
  COMMAND_NAMES,
  commandChannel,
  pushChannel,
  type Api,
  type ApiCommands,
  type ApiPushes,
  type CommandImpls,
  type CommandName,
  type PushName,
  type Unsubscribe,
} from '../../src-shared/api';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok: unknown }).ok === 'boolean';
}

export function createPreloadApi(ipc: IpcRendererLike): Api {
  async function call<K extends CommandName>(name: K, ...arg: [] | [ApiCommands[K]['arg']]): Promise<ApiCommands[K]['result']> {
    const reply: unknown = await ipc.invoke(commandChannel(name), ...arg);
    if (!isResult(reply)) throw new ApiError('INTERNAL', `${name}: the app sent a malformed reply`);
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
    return reply.value as ApiCommands[K]['result'];
  }

  function subscribe<K extends PushName>(name: K, cb: (payload: ApiPushes[K]) => void): Unsubscribe {
    if (typeof cb !== 'function') throw new TypeError(`on${name[0]!.toUpperCase()}${name.slice(1)} needs a callback function`);
    const channel = pushChannel(name);
    const listener = (_event: IpcRendererEvent, payload: ApiPushes[K]) => cb(payload);
    ipc.on(channel, listener);
    return () => {
      ipc.removeListener(channel, listener);
    };
  }

  // One function per command: a command without an argument is called without one, so the main
  // side's "takes no argument" check holds.
  const commands = {} as CommandImpls;
  for (const name of COMMAND_NAMES) {
    Object.assign(commands, { [name]: (...arg: [] | [unknown]) => call(name, ...(arg as [])) });
  }
  return {
    ...commands,
    onSnapshot: (cb) => subscribe('snapshot', cb),
    onExportProgress: (cb) => subscribe('exportProgress', cb),
    // IPC to the main process has no link that can drop: it is open for as long as the page lives.
    onLink: (cb) => {
      cb('open');
      return () => {};
    },
  };
}

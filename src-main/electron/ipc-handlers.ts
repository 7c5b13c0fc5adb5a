// The one place where renderer calls enter the main process: a handler per command of the shared
// Api, each checking who is calling and what it sent before anything reaches the engine, and
// answering with the Result envelope (a thrown error would reach the renderer as an opaque
// "Error invoking remote method" string, losing its code).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { COMMAND_CHANNEL_PREFIX, COMMAND_NAMES, type ApiCommands, type CommandName, type Result } from '../../src-shared/types';
import { EngineError, toErrorBody } from '../engine/errors';
import {
  validateConnectionId,
  validateExportRequest,
  validateSettingsPatch,
  validateStartListener,
  validateTimeRange,
} from '../engine/validate';

/** What each command does once its sender and payload are known to be good. */
export type CommandImpls = {
  [K in CommandName]: (arg: ApiCommands[K]['arg']) => Promise<ApiCommands[K]['result']>;
};

type Validators = { [K in CommandName]: (raw: unknown) => ApiCommands[K]['arg'] };

function noArgument(name: CommandName): (raw: unknown) => void {
  return (raw) => {
    if (raw !== undefined && raw !== null) throw new EngineError('BAD_REQUEST', `${name} takes no argument`);
  };
}

/** Payload checks per command, shared with the HTTP host through src-main/engine/validate. */
export const COMMAND_VALIDATORS: Readonly<Validators> = Object.freeze({
  status: noArgument('status'),
  startListener: validateStartListener,
  stopListener: noArgument('stopListener'),
  getSettings: noArgument('getSettings'),
  updateSettings: validateSettingsPatch,
  dropConnection: validateConnectionId,
  summaries: validateTimeRange,
  exportCsv: validateExportRequest,
});

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;
export type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** The error a refused sender gets; nothing of the call reaches the engine. */
export const FORBIDDEN = 'FORBIDDEN';

/** Channel of a command, e.g. `tallyline:cmd:status`. */
export function commandChannel(name: CommandName): string {
  return `${COMMAND_CHANNEL_PREFIX}${name}`;
}

/**
 * Registers one `ipcMain.handle` per command in COMMAND_NAMES. Returns a function that removes
 * them all again. `log` (default console.warn) hears about refused senders.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  commands: CommandImpls,
  isTrustedSender: SenderCheck,
  log: Log = (level, message) => console.warn(`[ipc ${level}] ${message}`),
): () => void {
  function register<K extends CommandName>(name: K): void {
    ipcMain.handle(commandChannel(name), async (event, ...args: unknown[]): Promise<Result<ApiCommands[K]['result']>> => {
      if (!isTrustedSender(event)) {
        log('warn', `refused ${name} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return {
          ok: false,
          error: { code: FORBIDDEN, message: `${name} refused: the call did not come from the Tallyline window` },
        };
      }
      try {
        if (args.length > 1) throw new EngineError('BAD_REQUEST', `${name} takes at most one argument, not ${args.length}`);
        const arg = (COMMAND_VALIDATORS[name] as Validators[K])(args[0]);
        return { ok: true, value: await commands[name](arg) };
      } catch (err) {
        return { ok: false, error: toErrorBody(err) };
      }
    });
  }
  for (const name of COMMAND_NAMES) register(name);
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

// The one place where renderer calls enter the main process: a handler per command of the shared
// Api, each checking who is calling and what it sent (COMMAND_VALIDATORS, the table every host
// uses) before anything reaches the engine, and answering with the Result envelope (a thrown error
// would reach the renderer as an opaque "Error invoking remote method" string, losing its code).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { toErrorBody, type Result } from '../../src-shared/errors';
import { COMMAND_NAMES, commandChannel, type ApiCommands, type CommandImpls, type CommandName } from '../../src-shared/api';
import { type LogFn } from '../../src-shared/types';
import { COMMAND_VALIDATORS, EngineError } from '../engine/index';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Registers one `ipcMain.handle` per command in COMMAND_NAMES. Returns a function that removes
 * them all again. `log` (default console.warn) hears about refused senders.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  commands: CommandImpls,
  isTrustedSender: SenderCheck,
  log: LogFn = (level, message) => console.warn(`[ipc ${level}] ${message}`),
): () => void {
  function register<K extends CommandName>(name: K): void {
    ipcMain.handle(commandChannel(name), async (event, ...args: unknown[]): Promise<Result<ApiCommands[K]['result']>> => {
      if (!isTrustedSender(event)) {
        log('warn', `refused ${name} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: `${name} refused: the call did not come from the Tallyline window` },
        };
      }
      try {
        if (args.length > 1) throw new EngineError('BAD_REQUEST', `${name} takes at most one argument, not ${args.length}`);
        const arg = COMMAND_VALIDATORS[name](args[0]) as ApiCommands[K]['arg'];
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

// The application menu as a template: the platform's usual roles plus the app's own commands
// (start/stop listening, export). Pure data, so it is testable without Electron; the caller
// builds it with Menu.buildFromTemplate and rebuilds it when the listener starts or stops.
import type { MenuItemConstructorOptions } from 'electron';
import type { ExportKind } from '../../src-shared/api';

export interface AppMenuActions {
  startListening: () => void;
  stopListening: () => void;
  exportCsv: (what: ExportKind) => void;
}

export interface AppMenuState {
  /** macOS gets the app menu and keeps Quit there. */
  isMac: boolean;
  /** Whether the listener runs: only the matching Start/Stop item is enabled. */
  listening: boolean;
  /** Where Start listens (the remembered listener settings), shown on the item. */
  host: string;
  /** Port 0 means any free port. */
  port: number;
}

function startLabel(host: string, port: number): string {
  return port === 0 ? `Start Listening on ${host} (Any Free Port)` : `Start Listening on ${host}:${port}`;
}

export function appMenuTemplate(state: AppMenuState, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Export Summaries…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportCsv('summaries') },
      { label: 'Export Event Counts…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportCsv('event_counts') },
      { type: 'separator' },
      state.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const listener: MenuItemConstructorOptions = {
    label: '&Listener',
    submenu: [
      {
        label: startLabel(state.host, state.port),
        accelerator: 'CmdOrCtrl+L',
        enabled: !state.listening,
        click: () => actions.startListening(),
      },
      {
        label: 'Stop Listening',
        accelerator: 'CmdOrCtrl+Shift+L',
        enabled: state.listening,
        click: () => actions.stopListening(),
      },
    ],
  };
  return [
    ...(state.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    listener,
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

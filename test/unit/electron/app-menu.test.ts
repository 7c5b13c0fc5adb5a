import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type AppMenuActions } from '../../../src-main/electron/app-menu';
import type { ExportKind } from '../../../src-shared/api';

type Item = ReturnType<typeof appMenuTemplate>[number];

function recorder() {
  const calls: string[] = [];
  const actions: AppMenuActions = {
    startListening: () => calls.push('start'),
    stopListening: () => calls.push('stop'),
    exportCsv: (what: ExportKind) => calls.push(`export ${what}`),
  };
  return { calls, actions };
}

function find(items: Item[], label: string): Item {
  for (const item of items) {
    if (item.label?.startsWith(label)) return item;
    if (Array.isArray(item.submenu)) {
      const found = item.submenu.find((i) => i.label?.startsWith(label));
      if (found) return found;
    }
  }
  throw new Error(`no menu item ${label}`);
}

function click(item: Item): void {
  (item.click as () => void)();
}

describe('appMenuTemplate', () => {
  it('has the usual roles, with the app menu on macOS only', () => {
    const { actions } = recorder();
    const linux = appMenuTemplate({ isMac: false, listening: false, host: '127.0.0.1', port: 9000 }, actions);
    const mac = appMenuTemplate({ isMac: true, listening: false, host: '127.0.0.1', port: 9000 }, actions);
    expect(linux.map((i) => i.role ?? i.label)).toEqual(['&File', 'editMenu', '&Listener', 'viewMenu', 'windowMenu']);
    expect(mac.map((i) => i.role ?? i.label)).toEqual(['appMenu', '&File', 'editMenu', '&Listener', 'viewMenu', 'windowMenu']);
    expect((linux[0]!.submenu as Item[]).at(-1)!.role).toBe('quit');
    expect((mac[1]!.submenu as Item[]).at(-1)!.role).toBe('close');
  });

  it('enables Start only while stopped and Stop only while listening, and runs the actions', () => {
    const { calls, actions } = recorder();
    const stopped = appMenuTemplate({ isMac: false, listening: false, host: '127.0.0.1', port: 9000 }, actions);
    expect(find(stopped, 'Start Listening').label).toBe('Start Listening on 127.0.0.1:9000');
    const anyPort = appMenuTemplate({ isMac: false, listening: false, host: '0.0.0.0', port: 0 }, actions);
    expect(find(anyPort, 'Start Listening').label).toBe('Start Listening on 0.0.0.0 (Any Free Port)');
    expect(find(stopped, 'Start Listening').enabled).toBe(true);
    expect(find(stopped, 'Stop Listening').enabled).toBe(false);
    const listening = appMenuTemplate({ isMac: false, listening: true, host: '127.0.0.1', port: 9000 }, actions);
    expect(find(listening, 'Start Listening').enabled).toBe(false);
    expect(find(listening, 'Stop Listening').enabled).toBe(true);
    click(find(stopped, 'Start Listening'));
    click(find(listening, 'Stop Listening'));
    click(find(stopped, 'Export Summaries'));
    click(find(stopped, 'Export Event Counts'));
    expect(calls).toEqual(['start', 'stop', 'export summaries', 'export event_counts']);
  });

  it('gives every command of its own a distinct shortcut', () => {
    const { actions } = recorder();
    const items = appMenuTemplate({ isMac: false, listening: false, host: 'x', port: 1 }, actions)
      .flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : []))
      .filter((i) => i.accelerator);
    expect(new Set(items.map((i) => i.accelerator)).size).toBe(items.length);
    expect(items.length).toBe(4);
  });
});

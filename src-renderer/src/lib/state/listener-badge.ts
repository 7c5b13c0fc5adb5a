// What the listener's status badge says and in which colour, from the engine's ListenerState or
// the answer to the user's own start/stop. Plain, so unit tests run it without Svelte.
import type { LineFormat, ListenerState } from '../../../../src-shared/types';

/** What the status badge stands for; `pending` while the user's own start or stop runs. */
export type ListenerBadge =
  | { kind: 'stopped' }
  | { kind: 'listening'; address: string; format: LineFormat }
  | { kind: 'error'; message: string }
  | { kind: 'pending'; action: 'start' | 'stop' };

/** The badge's colour: ok while listening, danger on an error, idle when stopped. */
export type BadgeTone = 'ok' | 'danger' | 'idle';

/** The badge as drawn. */
export interface BadgeView {
  tone: BadgeTone;
  /** The words, e.g. "Listening on", "Error: address in use", "Stopped". */
  text: string;
  /** While listening, the address that follows the words (set in bold); otherwise null. */
  address: string | null;
}

/** "127.0.0.1:9000", "[::1]:9000". */
export function listenAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function badgeOf(state: ListenerState): ListenerBadge {
  if (state.state === 'listening') return { kind: 'listening', address: listenAddress(state.host, state.port), format: state.format };
  if (state.state === 'error') return { kind: 'error', message: state.message };
  return { kind: 'stopped' };
}

export function badgeView(badge: ListenerBadge): BadgeView {
  switch (badge.kind) {
    case 'listening':
      return { tone: 'ok', text: 'Listening on', address: badge.address };
    case 'error':
      return { tone: 'danger', text: `Error: ${badge.message}`, address: null };
    case 'stopped':
      return { tone: 'idle', text: 'Stopped', address: null };
    case 'pending':
      return { tone: 'idle', text: badge.action === 'start' ? 'Starting…' : 'Stopping…', address: null };
  }
}

// What the listener form's fields hold while the engine listens: the running listener's own host,
// port, format and transport, so a reload, another tab or a start on port 0 shows where it really listens
// (and Stop then Start binds the same address again). Plain, so unit tests run it without Svelte.
import type { LineFormat, ListenerState, Transport } from '../../../../src-shared/types';

export interface ListenerFields {
  host: string;
  /** As typed in the port field. */
  port: string;
  format: LineFormat;
  transport: Transport;
}

/** The fields for `state`, or null when nothing listens (the form then keeps what it holds). */
export function fieldsOf(state: ListenerState): ListenerFields | null {
  return state.state === 'listening'
    ? { host: state.host, port: String(state.port), format: state.format, transport: state.transport }
    : null;
}

/** The form on a fresh page while nothing listens. */
export const DEFAULT_FIELDS: Readonly<ListenerFields> = Object.freeze({
  host: '127.0.0.1',
  port: '9000',
  format: 'auto',
  transport: 'both',
});

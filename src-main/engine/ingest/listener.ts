// The ingest listener (DESIGN §2): TCP and UDP on one host and port, or either alone, reported as
// one address. With both and port 0, TCP picks a free port and UDP binds the same number; should
// another program hold that number for UDP, both let go and try again, a few times.
import type { Transport } from '../../../src-shared/types';
import { EngineError } from '../errors';

/** Tries at a port free for both TCP and UDP when port 0 is asked. */
const BOTH_PORT_TRIES = 5;

/** What the listener needs of each transport (TcpListener, UdpListener). */
export interface Bindable {
  /** Resolves with the bound address (the real port when 0 was asked), rejects with an EngineError. */
  start(host: string, port: number): Promise<{ host: string; port: number }>;
  stop(drainMs?: number): Promise<void>;
}

export class Listener {
  constructor(
    private readonly tcp: Bindable,
    private readonly udp: Bindable,
  ) {}

  /** Binds what `transport` names (stopping what was bound); resolves with the one address, rejects with an EngineError. */
  async start(host: string, port: number, transport: Transport): Promise<{ host: string; port: number }> {
    await this.stop();
    if (transport === 'tcp') return this.tcp.start(host, port);
    if (transport === 'udp') return this.udp.start(host, port);
    for (let attempt = 1; ; attempt++) {
      const bound = await this.tcp.start(host, port);
      try {
        await this.udp.start(host, bound.port);
        return bound;
      } catch (err) {
        await this.tcp.stop();
        const taken = err instanceof EngineError && err.code === 'EADDRINUSE';
        if (port !== 0 || !taken || attempt >= BOTH_PORT_TRIES) throw err;
      }
    }
  }

  /** Stops both: TCP clients get up to `drainMs` to finish what they sent (TcpListener.stop). */
  async stop(drainMs = 0): Promise<void> {
    await Promise.all([this.tcp.stop(drainMs), this.udp.stop()]);
  }
}

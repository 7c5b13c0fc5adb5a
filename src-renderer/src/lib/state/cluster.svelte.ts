import { untrack } from 'svelte';
import type { Api } from '../../../../src-shared/api';
import type { ClusterStatus } from '../../../../src-shared/cluster';
import { errorMessage } from '../api/api-error';
import { poll } from './poller';

/** How often the Nodes card asks for the cluster's state: nodes heartbeat once a second. */
export const CLUSTER_POLL_MS = 1000;

/**
 * What `Api.cluster()` last answered (the nodes, the link to NATS, the merge counts), read every
 * second while something polls: the Nodes card, for as long as it is shown. An answer replaces the
 * last whole ($state.raw); a failure keeps the last answer and says why beside it.
 */
export class ClusterState {
  readonly #api: Api;
  #status = $state.raw<ClusterStatus | null>(null);
  #error = $state<string | null>(null);

  constructor(api: Api) {
    this.#api = api;
  }

  get status(): ClusterStatus | null {
    return this.#status;
  }
  /** Why the last request failed, until one succeeds. */
  get error(): string | null {
    return this.#error;
  }

  /** Polls until the returned stop is called. Untracked: it is started from an effect. */
  poll(): () => void {
    return untrack(() =>
      poll({
        fetch: () => this.#api.cluster(),
        onValue: (s) => {
          this.#status = s;
          this.#error = null;
        },
        onError: (err) => (this.#error = errorMessage(err)),
        intervalMs: CLUSTER_POLL_MS,
      }),
    );
  }
}

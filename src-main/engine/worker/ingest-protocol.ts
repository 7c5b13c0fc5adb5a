// Messages between the engine (the coordinator, which owns the sockets) and its ingest workers
// (DESIGN §9). Bytes flow one way, in order, as `IngestInput` posts; what the coordinator must
// know at once (a window closing, a snapshot, a settings change) it asks with an `IngestCall` in
// the same stream, so the answer covers every byte posted before it, and waits for the answer
// (see ingest-pool.ts): the worker posts it on the reply port and raises the signal.
import type { MessagePort } from 'node:worker_threads';
import type { Settings } from '../../../src-shared/settings';
import type { LineFormat, RejectSample } from '../../../src-shared/types';
import type { FramerState } from '../ingest/framing';
import type { IngestCounters } from '../ingest/line-ingest';
import type { RateSeries } from '../window/rate-history';
import type { WindowPartial } from '../window/partial';

/** What the coordinator passes as workerData. */
export interface IngestWorkerData {
  settings: Settings;
  format: LineFormat;
  /** The coordinator's clock when the worker was made, and where its first window may start (see Aggregator). */
  now: number;
  notBefore: number;
  /** SIGNAL_BYTES long: an Int32 at 0, the number of the last reply posted; a Float64 at 8, the bytes read so far (flow control). */
  signal: SharedArrayBuffer;
  /** Where replies go; the coordinator reads it synchronously (receiveMessageOnPort). */
  replies: MessagePort;
}

/** The Int32 slot of the signal that holds the last reply's number. */
export const SIGNAL_REPLY = 0;
export const SIGNAL_BYTES = 16;

export type IngestInput =
  /** A connection dealt to the worker (its figures count from 0: the coordinator sums them over threads); if it already reads it, it goes on from `framing`. */
  | { t: 'open'; id: string; remote: string; framing?: FramerState }
  | { t: 'data'; id: string; now: number; chunk: Uint8Array }
  | { t: 'end'; id: string; now: number }
  | { t: 'abort'; id: string }
  /** Datagrams back to back in `bytes`; datagram i is [ends[i-1] (0 for the first), ends[i]) from `senders[i]`. */
  | { t: 'datagrams'; now: number; bytes: Uint8Array; ends: Int32Array; senders: string[] }
  | { t: 'format'; format: LineFormat }
  | IngestCall;

export type IngestCall =
  /** Windows due at `now` close (when `flush`); the reply has them, and the open window so far. */
  | { t: 'sync'; seq: number; now: number; flush: boolean }
  /** New settings: windows cut by a change of size or mode come back closed. */
  | { t: 'settings'; seq: number; now: number; settings: Settings }
  /** Every open window closes at `now` (a stop). */
  | { t: 'flushAll'; seq: number; now: number }
  /** The worker goes: it hands back its open windows and the framing of each connection it read. */
  | { t: 'retire'; seq: number };

export interface ConnectionFigures {
  id: string;
  lines: number;
  rejects: number;
}

/** What every reply says of the worker since it started: running totals, and what changed since the last reply. */
export interface IngestReport {
  seq: number;
  counters: IngestCounters;
  connections: ConnectionFigures[];
  /** The last rejects the worker sampled, newest first. */
  samples: RejectSample[];
  /** Per-second events of the recent past (the live rate chart). */
  rates: RateSeries;
  /** Events and late events of the open windows. */
  open: { events: number; late: number };
}

export interface SyncReply extends IngestReport {
  /** Windows closed by this call, oldest first. */
  closed: WindowPartial[];
  /** The window open at `now` so far, without per-event details (for the snapshot); null on calls other than sync. */
  current: WindowPartial | null;
}

export interface RetireReply extends SyncReply {
  /** Every window still open, as the worker had it: the coordinator folds them into the windows when they close. */
  openWindows: WindowPartial[];
  framing: { id: string; state: FramerState }[];
}

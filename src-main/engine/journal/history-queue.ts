// Closed windows on their way to the journal, surviving a disk that cannot take them (full, or
// gone read-only). While writes fail, windows wait in a bounded queue, in order, and are retried
// with backoff; the engine keeps counting and serving meanwhile. Only past the bound are windows
// dropped, oldest first, and then counted and reported: never silently.
import type { HistoryState, LogFn, WindowRecord } from '../../../src-shared/types';
import type { Journal } from './writer';

export interface HistoryQueueOptions {
  /** Windows held while the journal cannot be written. Default 10,000. */
  maxPending?: number;
  /** First wait before a retry, ms; doubles per failure up to maxRetryMs. Default 1000. */
  minRetryMs?: number;
  /** Longest wait between retries, ms. Default 60,000. */
  maxRetryMs?: number;
}

/** How often old journal records are compacted away. */
const COMPACT_EVERY_MS = 60 * 60 * 1000;

export class HistoryQueue {
  private lastCompact = -Infinity;
  private readonly pending: WindowRecord[] = [];
  private readonly maxPending: number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;
  private retryMs: number;
  private retryAt = -Infinity;
  private dropped = 0;
  private error: string | null = null;

  constructor(
    private readonly journal: Journal,
    private readonly log: LogFn,
    opts: HistoryQueueOptions = {},
  ) {
    this.maxPending = opts.maxPending ?? 10_000;
    this.minRetryMs = opts.minRetryMs ?? 1000;
    this.maxRetryMs = opts.maxRetryMs ?? 60_000;
    this.retryMs = this.minRetryMs;
  }

  /** Journals the record now, or queues it behind those still waiting (in order). */
  write(record: WindowRecord, now: number): void {
    this.pending.push(record);
    if (this.pending.length > this.maxPending) {
      const excess = this.pending.length - this.maxPending;
      this.pending.splice(0, excess);
      if (this.dropped === 0)
        this.log('error', `history is not being saved and ${this.maxPending} windows wait: the oldest are being dropped`);
      this.dropped += excess;
    }
    if (this.pending.length === 1 || now >= this.retryAt) this.flush(now);
  }

  /** Retries the queued windows once their backoff has passed; the driver calls it on every tick. */
  retry(now: number): void {
    if (this.pending.length > 0 && now >= this.retryAt) this.flush(now);
  }

  state(): HistoryState {
    return { saving: this.error === null, pending_windows: this.pending.length, dropped_windows: this.dropped, error: this.error };
  }

  private flush(now: number): void {
    try {
      this.journal.appendAll(this.pending);
    } catch (err) {
      const message = (err as Error).message;
      if (this.error === null) this.log('error', `history is not being saved: ${message}; closed windows wait in memory and are retried`);
      this.error = message;
      this.retryAt = now + this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
      return;
    }
    if (this.error !== null) {
      this.log(
        'info',
        `history is saved again: ${this.pending.length} waiting windows written${this.dropped ? `, ${this.dropped} were dropped` : ''}`,
      );
    }
    this.pending.length = 0;
    this.error = null;
    this.retryMs = this.minRetryMs;
    this.retryAt = -Infinity;
  }

  /** Compacts windows older than the retention away, at the first call and then once an hour (not blocking: it runs in the background). */
  compactWhenDue(now: number): void {
    if (now - this.lastCompact < COMPACT_EVERY_MS) return;
    this.lastCompact = now;
    this.journal.compact(now).then(
      ({ removed }) => {
        if (removed > 0) this.log('info', `journal: ${removed} windows older than ${this.journal.retentionDays} days removed`);
      },
      (err: unknown) => this.log('warn', `journal compaction failed: ${(err as Error).message}`),
    );
  }
}

// UDP's datagrams over the ingest threads (DESIGN §9): one socket, read by the engine's thread,
// whose datagrams each thread takes in turn, a batch at a time: the engine's own thread reads its
// turn's datagrams at once, a worker's are copied back to back into one message. A batch holds one
// arrival time (so each datagram lands in the window it arrived in) and ends at the end of the
// event-loop task that began it, if it did not fill up before.
import type { RemoteInfo } from 'node:dgram';
import type { WorkerShard } from './worker-shard';

/** A batch goes to a worker at this many datagrams or bytes, or at the end of the task. */
const BATCH_DATAGRAMS = 512;
const BATCH_BYTES = 256 * 1024;

export class DatagramTurns {
  /** Whose turn it is (0: the engine's own thread, i: worker i − 1, modulo the threads), and how many it read this turn. */
  private turn = 0;
  private localCount = 0;
  private bytes = new Uint8Array(BATCH_BYTES);
  private readonly ends = new Int32Array(BATCH_DATAGRAMS);
  private senders: string[] = [];
  private count = 0;
  private used = 0;
  private now = NaN;
  private scheduled = false;

  constructor(private readonly workers: () => readonly WorkerShard[]) {}

  /** A datagram that arrived at `now`: batched for a worker (true), or the engine thread's to read now (false). */
  take(msg: Buffer, sender: RemoteInfo, now: number): boolean {
    const workers = this.workers();
    if (workers.length === 0) return false;
    if (this.turn % (workers.length + 1) === 0) {
      if (++this.localCount >= BATCH_DATAGRAMS) this.nextTurn();
      else this.endWithThisTask();
      return false;
    }
    if (this.count > 0 && now !== this.now) this.flush();
    if (this.used + msg.length > this.bytes.length) {
      if (this.count > 0) this.flush();
      if (msg.length > this.bytes.length) this.bytes = new Uint8Array(msg.length);
    }
    this.bytes.set(msg, this.used);
    this.used += msg.length;
    this.ends[this.count] = this.used;
    this.senders.push(`${sender.address}:${sender.port}`);
    this.now = now;
    if (++this.count >= BATCH_DATAGRAMS) this.flush();
    else this.endWithThisTask();
    return true;
  }

  /** Posts the batch being made to the worker whose turn it is (before any call to the workers, and before one goes). */
  flush(): void {
    const workers = this.workers();
    if (this.count === 0 || workers.length === 0) return;
    const worker = workers[(this.turn % (workers.length + 1)) - 1] ?? workers[0]!;
    this.nextTurn();
    worker.datagrams(this.now, this.bytes.subarray(0, this.used).slice(), this.ends.slice(0, this.count), this.senders);
    this.senders = [];
    this.count = 0;
    this.used = 0;
  }

  private endWithThisTask(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.count > 0) this.flush();
      else if (this.localCount > 0) this.nextTurn();
    });
  }

  private nextTurn(): void {
    this.localCount = 0;
    this.turn++;
  }
}

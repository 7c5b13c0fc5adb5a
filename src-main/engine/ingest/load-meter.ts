// How busy an ingest thread is, for dealing a new connection to the least loaded one: the bytes per
// second it was given over the last second or so. Bytes, not connections: one busy client can
// outweigh a hundred idle ones.
export class LoadMeter {
  /** Bytes per second, as of the last measure() a second or more after the one before. */
  rate = 0;
  private lastTotal = 0;
  private at: number;

  constructor(now: number) {
    this.at = now;
  }

  /** `total`: bytes given to the thread so far. */
  measure(total: number, now: number): number {
    const span = now - this.at;
    if (span >= 1000) {
      this.rate = ((total - this.lastTotal) * 1000) / span;
      this.lastTotal = total;
      this.at = now;
    }
    return this.rate;
  }
}

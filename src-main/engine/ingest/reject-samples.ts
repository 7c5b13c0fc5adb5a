// The last few rejected lines, kept as raw bytes in fixed slots so a flood of garbage costs one
// memcpy per line, not a string: they are decoded only when a snapshot is built.
import type { RejectReason, RejectSample } from '../../../src-shared/types';
import { REJECT_SAMPLES_KEPT } from '../../../src-shared/types';

const SAMPLE_CHARS = 200;
const SAMPLE_BYTES = SAMPLE_CHARS * 4;

interface Slot {
  at: number;
  reason: RejectReason;
  connectionId: string;
  remote: string;
  bytes: Buffer;
  length: number;
  /** Full length of the line, for lines we could not keep (too long). */
  lineBytes: number;
}

export class RejectSamples {
  private readonly slots: Slot[] = [];
  private next = 0;

  constructor(private readonly kept = REJECT_SAMPLES_KEPT) {}

  add(at: number, reason: RejectReason, connectionId: string, remote: string, buf: Buffer | null, start = 0, end = 0): void {
    let slot = this.slots[this.next];
    if (!slot) {
      slot = { at, reason, connectionId, remote, bytes: Buffer.allocUnsafe(SAMPLE_BYTES), length: 0, lineBytes: 0 };
      this.slots[this.next] = slot;
    }
    slot.at = at;
    slot.reason = reason;
    slot.connectionId = connectionId;
    slot.remote = remote;
    slot.lineBytes = end - start;
    slot.length = buf ? buf.copy(slot.bytes, 0, start, Math.min(end, start + SAMPLE_BYTES)) : 0;
    this.next = (this.next + 1) % this.kept;
  }

  /** Records an overlong line, whose bytes were never buffered. */
  addOverlong(at: number, connectionId: string, remote: string, lineBytes: number): void {
    this.add(at, 'line_too_long', connectionId, remote, null);
    const prev = this.slots[(this.next + this.kept - 1) % this.kept]!;
    prev.lineBytes = lineBytes;
  }

  /** Newest first. */
  list(): RejectSample[] {
    const out: RejectSample[] = [];
    for (let i = 1; i <= this.slots.length; i++) {
      const slot = this.slots[(this.next - i + this.kept) % this.kept];
      if (!slot) continue;
      out.push({
        at: new Date(slot.at).toISOString(),
        reason: slot.reason,
        connection_id: slot.connectionId,
        remote: slot.remote,
        line: slot.length > 0 ? describe(slot) : `(a line of ${slot.lineBytes} bytes, not kept)`,
      });
    }
    return out;
  }
}

function describe(slot: Slot): string {
  let text = slot.bytes.toString('utf8', 0, slot.length);
  if (slot.length < slot.lineBytes) text = text.replace(/\uFFFD+$/, '');
  return text.length > SAMPLE_CHARS || slot.length < slot.lineBytes ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
}

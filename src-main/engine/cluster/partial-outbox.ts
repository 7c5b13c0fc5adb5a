// A node's closed partials waiting for the stream's acknowledgement, on disk in the data folder:
// a node that loses NATS (or is restarted while NATS is away) keeps every closed window here and
// publishes the backlog when NATS is back. Nothing is lost: a partial leaves only once the stream
// acknowledged it; nothing is doubled: JetStream drops a repeated message id, and viewers dedupe
// by (node, window) in any case.
//
// cluster-outbox.bin holds records [u32 length][f64 start_ms][u32 window_ms][partial bytes];
// cluster-outbox.sent the byte offset up to which the stream acknowledged. A torn last record
// (a crash mid-write) is cut off on open. When everything is sent both start over empty.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFully } from '../journal/file';

const OUTBOX_FILE = 'cluster-outbox.bin';
const SENT_FILE = 'cluster-outbox.sent';
const HEADER_BYTES = 16;

export interface OutboxEntry {
  offset: number;
  start_ms: number;
  window_ms: number;
  /** Bytes of the encoded partial (the header not included). */
  length: number;
}

export class PartialOutbox {
  private readonly fd: number;
  private size: number;
  private sent: number;
  private readonly waiting: OutboxEntry[] = [];

  private constructor(
    private readonly dir: string,
    warn: (message: string) => void,
  ) {
    this.fd = openSync(join(dir, OUTBOX_FILE), 'a+');
    this.size = fstatSync(this.fd).size;
    this.sent = readSent(dir);
    if (this.sent > this.size) {
      // The file was emptied (everything acknowledged) and the crash came before the offset was:
      // every record in it now came after, none was sent. Reading from the old offset would start
      // inside one of them.
      this.sent = 0;
      writeSent(dir, 0);
    }
    const header = Buffer.alloc(HEADER_BYTES);
    let at = this.sent;
    while (at + HEADER_BYTES <= this.size) {
      readSync(this.fd, header, 0, HEADER_BYTES, at);
      const length = header.readUInt32LE(0);
      if (at + HEADER_BYTES + length > this.size) break;
      this.waiting.push({ offset: at, start_ms: header.readDoubleLE(4), window_ms: header.readUInt32LE(12), length });
      at += HEADER_BYTES + length;
    }
    if (at < this.size) {
      warn(`cluster outbox: a torn record of ${this.size - at} bytes at its end was cut off (a crash while writing it)`);
      ftruncateSync(this.fd, at);
      this.size = at;
    }
  }

  static open(dataDir: string, warn: (message: string) => void): PartialOutbox {
    return new PartialOutbox(dataDir, warn);
  }

  /** Partials closed and not yet acknowledged, oldest first. */
  get backlog(): readonly OutboxEntry[] {
    return this.waiting;
  }

  /** Keeps a closed window's partial until the stream has it (durable before it returns). */
  add(startMs: number, windowMs: number, bytes: Uint8Array): void {
    const buf = Buffer.alloc(HEADER_BYTES + bytes.length);
    buf.writeUInt32LE(bytes.length, 0);
    buf.writeDoubleLE(startMs, 4);
    buf.writeUInt32LE(windowMs, 12);
    buf.set(bytes, HEADER_BYTES);
    writeFully(this.fd, buf, this.size);
    fsyncSync(this.fd);
    this.waiting.push({ offset: this.size, start_ms: startMs, window_ms: windowMs, length: bytes.length });
    this.size += buf.length;
  }

  /** The partial bytes of `entry`. */
  read(entry: OutboxEntry): Uint8Array {
    const buf = Buffer.alloc(entry.length);
    readSync(this.fd, buf, 0, entry.length, entry.offset + HEADER_BYTES);
    return buf;
  }

  /** The oldest waiting entry was acknowledged by the stream. */
  acknowledged(entry: OutboxEntry): void {
    if (this.waiting[0] !== entry) return;
    this.waiting.shift();
    this.sent = entry.offset + HEADER_BYTES + entry.length;
    if (this.waiting.length === 0) {
      // The offset first: a crash between the two then sends the acknowledged records again
      // (dropped as duplicates) rather than leave an offset past the end of an emptied file.
      this.sent = 0;
      writeSent(this.dir, 0);
      ftruncateSync(this.fd, 0);
      this.size = 0;
      return;
    }
    writeSent(this.dir, this.sent);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function readSent(dir: string): number {
  try {
    const n = Number(readFileSync(join(dir, SENT_FILE), 'utf8').trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}

/** Through a rename, so a crash leaves the old offset or the new one: at worst a partial is sent again (and dropped as a duplicate). */
function writeSent(dir: string, offset: number): void {
  const tmp = join(dir, `${SENT_FILE}.tmp`);
  writeFileSync(tmp, String(offset));
  renameSync(tmp, join(dir, SENT_FILE));
}

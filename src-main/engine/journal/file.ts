// One journal file as the writer holds it: an fd and the size it has written up to, so every write
// goes to an explicit position and a failed one can be cut back.
import { closeSync, constants, fstatSync, fsyncSync, openSync, writeSync } from 'node:fs';

export interface JournalFile {
  path: string;
  fd: number;
  size: number;
}

export function openFile(path: string): JournalFile {
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT);
  return { path, fd, size: fstatSync(fd).size };
}

export function writeFully(fd: number, buf: Buffer, position: number): void {
  for (let done = 0; done < buf.length;) done += writeSync(fd, buf, done, buf.length - done, position + done);
}

/** Makes renames and new files in `dir` durable; not possible (nor needed) on Windows. */
export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for fsync on every platform.
  }
}

// Streams a CSV export from the journal to a file the user chose. The file is opened before the
// export starts, so a folder the user cannot write to fails at once with a clear sentence; a
// failure part-way removes the partial file rather than leave a truncated CSV that looks whole.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ExportProgress, ExportRequest, ExportResult } from '../../src-shared/api';
import { EngineError, type EngineClient } from '../engine/index';

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** Writes the export to `file` (created or replaced) and resolves with what was written. */
export async function exportToFile(
  engine: Pick<EngineClient, 'exportCsv'>,
  req: ExportRequest,
  file: string,
  onProgress?: (p: ExportProgress) => void,
): Promise<ExportResult> {
  const out = createWriteStream(file);
  // A write error must end the wait even if the engine side never notices it.
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  try {
    await Promise.race([once(out, 'open'), failed]);
    const { rows, bytes } = await Promise.race([engine.exportCsv(req, out, onProgress), failed]);
    if (!out.writableEnded) out.end();
    await Promise.race([finished(out), failed]);
    return { file, rows, bytes };
  } catch (err) {
    out.destroy();
    await rm(file, { force: true }).catch(() => {});
    if (isFsError(err)) throw new EngineError('EXPORT_FAILED', `could not write ${file}: ${err.message}`);
    throw err;
  }
}

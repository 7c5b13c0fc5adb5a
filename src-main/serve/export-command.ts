// `tallyline export`: one CSV from a data folder, straight from the journal; no engine, no server.
import { stat } from 'node:fs/promises';
import type { ExportProgress, ExportRequest } from '../../src-shared/api';
import { EngineError, exportCsv, type ExportOutcome } from '../engine/index';

export interface ExportCommandOptions {
  /** The data folder of a `tallyline serve` or of the desktop app. */
  dataDir: string;
  request: ExportRequest;
  /** Progress while it runs. Default none. */
  onProgress?: (p: ExportProgress) => void;
}

/**
 * Writes the CSV to `out` and resolves with the rows and bytes written. `out` is left open (it may
 * be process.stdout); a missing data folder is an error rather than an empty file, since it is
 * almost always a mistyped path.
 */
export async function runExport(opts: ExportCommandOptions, out: NodeJS.WritableStream): Promise<ExportOutcome> {
  const info = await stat(opts.dataDir).catch(() => null);
  if (!info?.isDirectory()) throw new EngineError('NOT_FOUND', `no data folder at ${opts.dataDir}`);
  return exportCsv(opts.dataDir, opts.request, out, opts.onProgress);
}

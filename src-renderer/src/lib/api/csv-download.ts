import type { ExportKind, ExportProgress, ExportResult } from '../../../../src-shared/api';
import { attachmentName, CsvProgressCounter } from './csv-progress';

/** Least time between two progress reports, so a fast body does not flood the UI. */
const PROGRESS_EVERY_MS = 250;

export interface CsvDownload {
  response: Response;
  what: ExportKind;
  onProgress: (p: ExportProgress) => void;
  /** Clock for progress throttling. Default performance.now. */
  now?: () => number;
}

/**
 * Reads an export response to the end, reporting progress from its rows against the server's
 * X-Tallyline-Windows total, then hands the file to the browser as a download.
 */
export async function saveCsvDownload(d: CsvDownload): Promise<ExportResult> {
  const now = d.now ?? (() => performance.now());
  const total = Number(d.response.headers.get('X-Tallyline-Windows') ?? '0') || 0;
  const file = attachmentName(d.response.headers.get('Content-Disposition')) ?? `${d.what}.csv`;
  const counter = new CsvProgressCounter();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const report = (done: boolean) =>
    d.onProgress({
      what: d.what,
      windows_done: counter.windows,
      windows_total: Math.max(total, counter.windows),
      done,
    });

  report(false);
  if (d.response.body) {
    const reader = d.response.body.getReader();
    const decoder = new TextDecoder();
    let lastReport = now();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      counter.push(decoder.decode(value, { stream: true }), value.byteLength);
      if (now() - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now();
        report(false);
      }
    }
    counter.push(decoder.decode(), 0);
  }
  counter.finish();
  report(true);
  offerDownload(new Blob(chunks, { type: 'text/csv;charset=utf-8' }), file);
  return { file, rows: counter.rows, bytes: counter.bytes };
}

function offerDownload(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its own reference by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

import type { ExportKind, ExportProgress, ExportResult } from '../../../../src-shared/types';

/** Least time between two progress reports, so a fast body does not flood the UI. */
const PROGRESS_EVERY_MS = 250;

/**
 * Counts data rows and windows of a CSV body as it streams. Rows are CRLF lines after the header;
 * a window is a run of rows with the same first field (window_start, an unquoted ISO time), which
 * holds for both summaries.csv (one row per window) and event_counts.csv (many).
 */
export class CsvProgressCounter {
  rows = 0;
  windows = 0;
  bytes = 0;
  #carry = '';
  #headerSeen = false;
  #lastKey = '';

  push(text: string, byteLength: number): void {
    this.bytes += byteLength;
    const lines = (this.#carry + text).split('\n');
    this.#carry = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
  }

  finish(): void {
    if (this.#carry.trim() !== '') this.#line(this.#carry);
    this.#carry = '';
  }

  #line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') return;
    if (!this.#headerSeen) {
      this.#headerSeen = true;
      return;
    }
    this.rows += 1;
    const comma = line.indexOf(',');
    const key = comma < 0 ? line : line.slice(0, comma);
    if (key !== this.#lastKey) {
      this.windows += 1;
      this.#lastKey = key;
    }
  }
}

/** The file name of a Content-Disposition header, or null. */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  return m ? decodeURIComponent(m[1]) : null;
}

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

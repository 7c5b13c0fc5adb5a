// Reading an export response as it streams: how far it has got, and the file name the server
// gave it. No DOM here (csv-download.ts hands the file to the browser), so unit tests run it in Node.

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

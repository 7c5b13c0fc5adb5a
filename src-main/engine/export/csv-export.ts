// Streams summaries.csv or event_counts.csv (DESIGN §4) from the journal to any Writable: one
// window in memory at a time, backpressure respected, progress reported to the caller.
import type { ExportProgress, ExportRequest, ExportTimeZone } from '../../../src-shared/api';
import type { EventRow, Summary } from '../../../src-shared/types';
import { csvRow, formatNumber, formatTime, textField } from './csv';
import { EngineError } from '../errors';
import { countWindows, readRecords, readSummaries } from '../journal/reader';

/** Top events spelled out per row of summaries.csv. */
export const TOP_EVENT_COLUMNS = 5;

export const SUMMARIES_HEADER: readonly string[] = [
  'window_start',
  'window_end',
  'events',
  'unique_events',
  'unique_exact',
  'distinct_users',
  'events_per_sec',
  'peak_rate',
  'rejected',
  'late',
  'connections_peak',
  ...Array.from({ length: TOP_EVENT_COLUMNS }, (_, i) => [`top_event_${i + 1}`, `top_event_${i + 1}_count`]).flat(),
  // Columns are only ever appended (outside tools read them by position too).
  'partial',
  'top_exact',
  'distinct_users_exact',
];

export const EVENT_COUNTS_HEADER: readonly string[] = [
  'window_start',
  'event',
  'count',
  'count_error',
  // DESIGN §8: per-event users and values, empty where no value came.
  'distinct_users',
  'distinct_users_exact',
  'value_count',
  'value_sum',
  'value_min',
  'value_max',
  'value_mean',
  'value_p50',
  'value_p90',
  'value_p99',
  'gauge_last',
];

/** Windows between two progress reports. */
const PROGRESS_EVERY = 100;
/** Text gathered before one write to the stream. */
const FLUSH_CHARS = 64 * 1024;

export function summaryRow(s: Summary, tz: ExportTimeZone): string {
  const seconds = (Date.parse(s.window_end) - Date.parse(s.window_start)) / 1000;
  const fields = [
    formatTime(s.window_start, tz),
    formatTime(s.window_end, tz),
    formatNumber(s.events),
    formatNumber(s.unique_events),
    s.unique_exact ? 'true' : 'false',
    formatNumber(s.distinct_users),
    seconds > 0 ? formatNumber(s.events / seconds) : '',
    formatNumber(s.peak_rate),
    formatNumber(s.rejected),
    formatNumber(s.late),
    formatNumber(s.connections_peak),
  ];
  const top = Array.isArray(s.top_events) ? s.top_events : [];
  for (let i = 0; i < TOP_EVENT_COLUMNS; i++) {
    const t = top[i];
    fields.push(t ? textField(String(t.event)) : '', t ? formatNumber(t.count) : '');
  }
  // Journals written before top_exact existed: top counts were exact exactly when names were.
  fields.push(
    s.partial ? 'true' : 'false',
    (s.top_exact ?? s.unique_exact) ? 'true' : 'false',
    s.distinct_users_exact === false ? 'false' : 'true',
  );
  return csvRow(fields);
}

/**
 * The rows of one window. count_error is the most a count can over-state (0 while counts are
 * exact); the `(other)` row of an estimated window has none to give, so it is left empty.
 */
export function eventCountRows(windowStart: string, counts: readonly EventRow[], tz: ExportTimeZone): string {
  const start = formatTime(windowStart, tz);
  const estimated = counts.some((c) => c.error !== undefined);
  let rows = '';
  for (const c of counts) {
    const error = c.error !== undefined ? formatNumber(c.error) : estimated ? '' : '0';
    const v = c.values;
    const values = v
      ? [v.count, v.sum, v.min, v.max, v.mean, v.p50, v.p90, v.p99].map((x) => (x === null ? '' : formatNumber(x, 6)))
      : NO_VALUES;
    const gauge = c.gauge_last === undefined || c.gauge_last === null ? '' : formatNumber(c.gauge_last, 6);
    rows += csvRow([
      start,
      textField(String(c.event)),
      formatNumber(c.count),
      error,
      formatNumber(c.distinct_users ?? 0),
      c.distinct_users_exact === false ? 'false' : 'true',
      ...values,
      gauge,
    ]);
  }
  return rows;
}

const NO_VALUES: readonly string[] = Array.from({ length: 8 }, () => '');

export interface ExportOutcome {
  /** Data rows written, header excluded. */
  rows: number;
  /** Bytes written, header included. */
  bytes: number;
}

function aborted(): EngineError {
  return new EngineError('EXPORT_ABORTED', 'The export destination closed before the export finished.');
}

/** Batches text into large writes and waits for 'drain' when the stream asks for it. */
class CsvSink {
  bytes = 0;
  private text = '';
  private failure: Error | null = null;
  private readonly onError = (err: Error): void => {
    this.failure ??= err;
  };

  constructor(private readonly out: NodeJS.WritableStream) {
    // Ours while exporting, so an error between two writes surfaces here instead of crashing.
    out.on('error', this.onError);
  }

  /** Adds text; true when it is time to flush. */
  add(text: string): boolean {
    this.text += text;
    return this.text.length >= FLUSH_CHARS;
  }

  async flush(): Promise<void> {
    this.check();
    if (!this.text) return;
    const chunk = this.text;
    this.text = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await this.drained();
    this.check();
  }

  release(): void {
    this.out.off('error', this.onError);
  }

  private check(): void {
    if (this.failure) throw new EngineError('EXPORT_FAILED', `Could not write the export: ${this.failure.message}`);
    if ((this.out as { destroyed?: boolean }).destroyed) throw aborted();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (err?: Error): void => {
        this.out.off('drain', onDrain);
        this.out.off('error', onFail);
        this.out.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = (): void => settle();
      const onFail = (err: Error): void => settle(new EngineError('EXPORT_FAILED', `Could not write the export: ${err.message}`));
      const onClose = (): void => settle(aborted());
      this.out.on('drain', onDrain);
      this.out.on('error', onFail);
      this.out.on('close', onClose);
    });
  }
}

/**
 * Writes the CSV for `req` (range and time zone) to `out`. Does not end `out`: the caller owns it
 * and decides what follows (end a file, finish an HTTP response). Reports progress every 100
 * windows and once with done: true at the end. Takes a request checked by
 * validateExportRequest; throws EXPORT_FAILED / EXPORT_ABORTED when `out` fails or closes.
 */
export async function exportCsv(
  dataDir: string,
  req: ExportRequest,
  out: NodeJS.WritableStream,
  onProgress?: (p: ExportProgress) => void,
): Promise<ExportOutcome> {
  const { what } = req;
  const tz = req.tz ?? 'utc';
  const range = { from: req.from, to: req.to };
  const total = await countWindows(dataDir, range);
  let windows = 0;
  let rows = 0;
  const report = (done: boolean): void => onProgress?.({ what, windows_done: windows, windows_total: Math.max(total, windows), done });

  const sink = new CsvSink(out);
  try {
    sink.add(csvRow(what === 'summaries' ? SUMMARIES_HEADER : EVENT_COUNTS_HEADER));
    if (what === 'summaries') {
      for await (const s of readSummaries(dataDir, range)) {
        rows++;
        if (sink.add(summaryRow(s, tz))) await sink.flush();
        if (++windows % PROGRESS_EVERY === 0) report(false);
      }
    } else {
      for await (const r of readRecords(dataDir, range)) {
        rows += r.event_counts.length;
        if (sink.add(eventCountRows(r.summary.window_start, r.event_counts, tz))) await sink.flush();
        if (++windows % PROGRESS_EVERY === 0) report(false);
      }
    }
    await sink.flush();
  } finally {
    sink.release();
  }
  report(true);
  return { rows, bytes: sink.bytes };
}

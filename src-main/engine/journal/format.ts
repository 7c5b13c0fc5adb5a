// On-disk format of the summary journal, shared by the writer (writer.ts) and the readers
// (reader.ts); reading lines out of the files is lines.ts.
//
// Two append-only JSON-lines files in the data folder:
//   event_counts.jsonl  {"n":7,"w":"2025-11-29T12:03:00.000Z","c":[["signup",42],["(other)",3]]} (rows: event-row.ts)
//   summaries.jsonl     {"n":7,"s":{...Summary}}
// `n` is a record's sequence number: +1 per append, never reused, so both files are sorted by it
// and a reader joins them by merging. The counts line is written and fsync'd first and the summary
// line last: the summary line is the commit marker, a record exists iff its summary line is whole.
// Counts live in their own file because a window may carry up to top_n (default 1,000) of them:
// reading history or exporting summaries.csv then never reads past them. A window without counts
// writes no counts line.
//
// An amendment (a cluster viewer's late partial changing a window already written) is a later
// record of the same window, appended like any other with its own `n`, as
//   summaries.jsonl     {"a":1,"n":9,"s":{...Summary}}
// so the newest record of a window wins. The summaries file then stays sorted by `n` (the counts
// join keeps working) and its plain lines stay in window order (range seeks keep working), while
// amendments sit wherever they landed. The `{"a":` at the very start of the line is what makes them
// cheap to find: a reader looks for `\n{"a":` in raw chunks with Buffer.indexOf (amendments.ts)
// and only parses what it finds, so a journal without amendments costs one byte scan, no JSON.
import type { EventRow, Summary } from '../../../src-shared/types';
import { decodeRow, encodeRow } from './event-row';
import { COMMA, DIGIT_0 } from '../parse/ascii';

export const SUMMARIES_FILE = 'summaries.jsonl';
export const EVENT_COUNTS_FILE = 'event_counts.jsonl';
/** Suffix of the files a compaction writes before renaming them over the journal. */
export const COMPACTING_SUFFIX = '.compacting';

export interface SummaryLine {
  n: number;
  summary: Summary;
  /** window_start in epoch ms. */
  startMs: number;
  endMs: number;
  /** true for an amendment line: a newer record of a window written before. */
  amend: boolean;
}

export function encodeSummaryLine(n: number, summary: Summary): string {
  return `{"n":${n},"s":${JSON.stringify(summary)}}\n`;
}

export function encodeAmendLine(n: number, summary: Summary): string {
  return `{"a":1,"n":${n},"s":${JSON.stringify(summary)}}\n`;
}

/** How an amendment line begins; a plain summary line begins `{"n":`. */
export const AMEND_LINE_START = Buffer.from('{"a":');

/** Whether a summary line is an amendment, from its first bytes (no parse). */
export function isAmendLine(bytes: Buffer): boolean {
  return (
    bytes.length >= AMEND_LINE_START.length && bytes.compare(AMEND_LINE_START, 0, AMEND_LINE_START.length, 0, AMEND_LINE_START.length) === 0
  );
}

export function encodeCountsLine(n: number, windowStart: string, counts: readonly EventRow[]): string {
  return `{"n":${n},"w":${JSON.stringify(windowStart)},"c":${JSON.stringify(counts.map(encodeRow))}}\n`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A summary line, or null when it is not one (torn, corrupt, or from another program). */
export function decodeSummaryLine(bytes: Buffer): SummaryLine | null {
  const v = parseJson(bytes.toString('utf8')) as { a?: unknown; n?: unknown; s?: Partial<Summary> } | undefined;
  if (!v || typeof v !== 'object' || !Number.isSafeInteger(v.n) || !v.s || typeof v.s !== 'object') return null;
  const s = v.s;
  if (typeof s.window_start !== 'string' || typeof s.window_end !== 'string') return null;
  const startMs = Date.parse(s.window_start);
  const endMs = Date.parse(s.window_end);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return null;
  return { n: v.n as number, summary: s as Summary, startMs, endMs, amend: v.a === 1 };
}

/** The per-event counts of a counts line, or null when the line is not one. */
export function decodeCountsLine(bytes: Buffer): EventRow[] | null {
  const v = parseJson(bytes.toString('utf8')) as { n?: unknown; c?: unknown } | undefined;
  if (!v || typeof v !== 'object' || !Number.isSafeInteger(v.n) || !Array.isArray(v.c)) return null;
  const out: EventRow[] = [];
  for (const raw of v.c as unknown[]) {
    const row = decodeRow(raw);
    if (row === null) return null;
    out.push(row);
  }
  return out;
}

const COUNTS_PREFIX = Buffer.from('{"n":');

/** The `n` of a counts line read from its first bytes only, so skipping big lines stays cheap. */
export function countsLineN(bytes: Buffer): number | null {
  if (bytes.length <= COUNTS_PREFIX.length || bytes.compare(COUNTS_PREFIX, 0, COUNTS_PREFIX.length, 0, COUNTS_PREFIX.length) !== 0) {
    return null;
  }
  let n = 0;
  let i = COUNTS_PREFIX.length;
  for (; i < bytes.length && i < COUNTS_PREFIX.length + 16; i++) {
    const d = bytes[i] - DIGIT_0;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i > COUNTS_PREFIX.length && bytes[i] === COMMA ? n : null;
}

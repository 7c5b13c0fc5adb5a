// Builders of journal records for tests of the journal, its readers and the CSV export.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventCount, Summary, WindowRecord } from '../../src-shared/types';
import { OTHER_EVENT } from '../../src-shared/types';

export const MINUTE_MS = 60_000;

export interface RecordShape {
  /** Window length; default 60. */
  seconds?: number;
  /** Per-event counts stored with the window; default two events and an `(other)` row, tagged by start. */
  counts?: EventCount[];
  /** Default: the first five counts. */
  top?: EventCount[];
}

/** A closed window starting at `startMs` whose numbers derive from it, so a read-back can be checked. */
export function windowRecord(startMs: number, shape: RecordShape = {}): WindowRecord {
  const seconds = shape.seconds ?? 60;
  const tag = startMs / 1000;
  const counts = shape.counts ?? [
    { event: `e${tag}`, count: 3 },
    { event: 'signup', count: 2 },
    { event: OTHER_EVENT, count: 1 },
  ];
  const events = counts.reduce((sum, c) => sum + c.count, 0);
  const summary: Summary = {
    window_start: new Date(startMs).toISOString(),
    window_end: new Date(startMs + seconds * 1000).toISOString(),
    events,
    unique_events: counts.length,
    unique_exact: true,
    distinct_users: tag % 7,
    distinct_users_exact: true,
    bytes: events * 10,
    rejected: tag % 3,
    late: 0,
    peak_rate: Math.min(events, 5),
    connections_peak: 1,
    top_events: shape.top ?? counts.slice(0, 5),
  };
  return { summary, event_counts: counts };
}

/** A summary of [startMs, endMs) where nothing happened, but for the fields given. */
export function quietSummary(startMs: number, endMs: number, fields: Partial<Summary> = {}): Summary {
  return {
    window_start: new Date(startMs).toISOString(),
    window_end: new Date(endMs).toISOString(),
    events: 0,
    unique_events: 0,
    unique_exact: true,
    distinct_users: 0,
    distinct_users_exact: true,
    bytes: 0,
    rejected: 0,
    late: 0,
    peak_rate: 0,
    connections_peak: 0,
    top_events: [],
    ...fields,
  };
}

/** `n` consecutive minute windows from `startMs`. */
export function minuteRecords(startMs: number, n: number, shape: RecordShape = {}): WindowRecord[] {
  return Array.from({ length: n }, (_, i) => windowRecord(startMs + i * MINUTE_MS, shape));
}

/** A fresh folder under the OS temp dir, and its removal. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tallyline-journal-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

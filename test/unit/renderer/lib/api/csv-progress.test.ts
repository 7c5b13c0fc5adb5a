import { describe, expect, it } from 'vitest';
import { attachmentName, CsvProgressCounter } from '../../../../../src-renderer/src/lib/api/csv-progress';

const HEADER = 'window_start,event,count';
const BODY = [
  HEADER,
  '2025-06-01T12:00:00.000Z,signup,3',
  '2025-06-01T12:00:00.000Z,login,2',
  '2025-06-01T12:01:00.000Z,signup,1',
  '2025-06-01T12:02:00.000Z,(other),4',
]
  .map((line) => `${line}\r\n`)
  .join('');

/** Counts `text` pushed in the given pieces (cut at these offsets). */
function count(text: string, cuts: number[] = []): CsvProgressCounter {
  const counter = new CsvProgressCounter();
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    const piece = text.slice(at, cut);
    counter.push(piece, Buffer.byteLength(piece));
    at = cut;
  }
  counter.finish();
  return counter;
}

describe('CsvProgressCounter', () => {
  it('counts data rows, not the header', () => {
    expect(count(BODY).rows).toBe(4);
    expect(count(`${HEADER}\r\n`).rows).toBe(0);
  });

  it('counts a window per run of rows with the same window_start (event_counts.csv has many rows a window)', () => {
    expect(count(BODY).windows).toBe(3);
  });

  it('counts one window per row of summaries.csv', () => {
    const summaries =
      'window_start,window_end,events\r\n2025-06-01T12:00:00Z,2025-06-01T12:01:00Z,5\r\n2025-06-01T12:01:00Z,2025-06-01T12:02:00Z,0\r\n';
    expect(count(summaries)).toMatchObject({ rows: 2, windows: 2 });
  });

  it('gives the same counts however the body is cut into chunks, inside a line or between CR and LF', () => {
    const whole = count(BODY);
    const crlf = BODY.indexOf('\r\n', HEADER.length + 5) + 1;
    for (const cuts of [[1], [HEADER.length + 1], [crlf], [10, 40, 41, 90], Array.from({ length: BODY.length - 1 }, (_, i) => i + 1)]) {
      const c = count(BODY, cuts);
      expect({ rows: c.rows, windows: c.windows }, JSON.stringify(cuts.slice(0, 4))).toEqual({ rows: whole.rows, windows: whole.windows });
    }
  });

  it('counts a last row that has no line break once the body ends', () => {
    const body = BODY.slice(0, -2);
    const counter = new CsvProgressCounter();
    counter.push(body, body.length);
    expect(counter.rows).toBe(3);
    counter.finish();
    expect(counter.rows).toBe(4);
  });

  it('ignores empty lines', () => {
    expect(count(`${HEADER}\r\n\r\n2025-06-01T12:00:00.000Z,a,1\r\n\r\n`).rows).toBe(1);
  });

  it('adds up the byte lengths it is given, not the characters', () => {
    const body = `${HEADER}\r\n2025-06-01T12:00:00.000Z,café,1\r\n`;
    expect(count(body).bytes).toBe(Buffer.byteLength(body));
    expect(count(body).bytes).toBe(body.length + 1);
  });
});

describe('attachmentName (the file name of a Content-Disposition header)', () => {
  it('reads a quoted or bare filename', () => {
    expect(attachmentName('attachment; filename="summaries.csv"')).toBe('summaries.csv');
    expect(attachmentName('attachment; filename=event_counts.csv')).toBe('event_counts.csv');
  });

  it("decodes an RFC 5987 filename* (UTF-8'')", () => {
    expect(attachmentName("attachment; filename*=UTF-8''tally%20line%E2%80%93june.csv")).toBe('tally line–june.csv');
  });

  it('stops the name at the next parameter', () => {
    expect(attachmentName('attachment; filename=a.csv; size=10')).toBe('a.csv');
  });

  it('gives null when there is no header or no file name in it', () => {
    expect(attachmentName(null)).toBeNull();
    expect(attachmentName('')).toBeNull();
    expect(attachmentName('inline')).toBeNull();
  });
});

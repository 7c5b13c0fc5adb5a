import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../src-main/serve/export-command';
import { startSend } from '../../../src-main/serve/send-command';
import { pollUntil, startEngine, sum, tempDir } from './support';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<{ text: string; ended: boolean }> {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8');
  out.on('data', (d: string) => (text += d));
  await run(out);
  return { text, ended: out.writableEnded };
}

describe('runExport', () => {
  it('writes the same CSV as the running engine would, from the data folder alone, leaving the stream open', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const dataDir = join(dir.dir, 'data');
    const engine = await startEngine(dataDir);
    const listening = await engine.startListener({ host: '127.0.0.1', port: 0 });
    if (listening.state !== 'listening') throw new Error('no listener');
    const report = await startSend({
      to: { host: '127.0.0.1', port: listening.port },
      rate: 3000,
      durationSec: 0.3,
      names: 6,
      format: 'json',
    }).done;
    await engine.shutdown();

    for (const what of ['summaries', 'event_counts'] as const) {
      const fromCommand = await collect((out) => runExport({ dataDir, request: { what, tz: 'utc' } }, out));
      expect(fromCommand.ended).toBe(false);
      const rows = parse(fromCommand.text, { columns: true }) as Record<string, string>[];
      if (what === 'summaries') expect(sum(rows.map((r) => Number(r.events)))).toBe(report.lines);
      else {
        const perEvent: Record<string, number> = {};
        for (const r of rows) perEvent[r.event] = (perEvent[r.event] ?? 0) + Number(r.count);
        expect(perEvent).toEqual(report.events);
      }
      const again = await startEngine(dataDir);
      const fromEngine = await collect((out) => again.exportCsv({ what, tz: 'utc' }, out));
      await again.shutdown();
      // The second engine adds windows of its own lifetime; the command's file is a prefix of its file.
      expect(fromEngine.text.startsWith(fromCommand.text.split('\r\n').slice(0, -1).join('\r\n'))).toBe(true);
    }
  });

  it('says there is no data folder rather than writing an empty file', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const missing = join(dir.dir, 'nope');
    await expect(collect((out) => runExport({ dataDir: missing, request: { what: 'summaries' } }, out))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(missing),
    });
  });

  it('exports only the windows in the range', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const dataDir = join(dir.dir, 'data');
    const engine = await startEngine(dataDir);
    await pollUntil(
      async () => (await engine.summaries()).length,
      (n) => n >= 3,
      'three (empty) windows to close',
    );
    await engine.shutdown();
    const { text } = await collect((out) => runExport({ dataDir, request: { what: 'summaries' } }, out));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const second = rows[1].window_start;
    const ranged = parse((await collect((out) => runExport({ dataDir, request: { what: 'summaries', from: second } }, out))).text, {
      columns: true,
    });
    expect(ranged).toEqual(rows.slice(1));
  });
});

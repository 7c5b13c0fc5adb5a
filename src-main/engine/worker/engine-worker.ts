// The engine's worker thread: adapts Engine to messages (EngineRequest in, EngineEvent out) and
// is the one clock driver: every snapshot interval it ticks the engine with the real time.
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineEvent, EngineRequest, EngineWorkerData } from './protocol';
import { SNAPSHOT_INTERVAL_MS } from '../../../src-shared/types';
import { Engine } from '../engine';
import { toErrorBody } from '../errors';

const port = parentPort;
if (!port) throw new Error('the engine worker must run in a worker thread');
const data = workerData as EngineWorkerData;

function post(event: EngineEvent): void {
  port!.postMessage(event);
}

async function handle(engine: Engine, req: EngineRequest): Promise<unknown> {
  switch (req.type) {
    case 'status':
      return engine.status();
    case 'start_listener':
      return engine.startListener(req.req);
    case 'stop_listener':
      return engine.stopListener();
    case 'update_settings':
      return engine.updateSettings(req.patch);
    case 'drop_connection':
      engine.dropConnection(req.connection_id);
      return null;
    case 'shutdown':
      clearInterval(timer);
      await engine.shutdown();
      return null;
  }
}

let timer: ReturnType<typeof setInterval> | undefined;

async function main(): Promise<void> {
  const engine = await Engine.open({
    dataDir: data.data_dir,
    settings: data.settings,
    log: (level, message) => post({ type: 'log', level, message }),
  });
  timer = setInterval(
    () => post({ type: 'snapshot', snapshot: engine.tick(Date.now()) }),
    data.snapshot_interval_ms ?? SNAPSHOT_INTERVAL_MS,
  );
  port!.on('message', (req: EngineRequest) => {
    handle(engine, req).then(
      (value) => post({ type: 'reply', id: req.id, ok: true, value: value ?? null }),
      (err: unknown) => post({ type: 'reply', id: req.id, ok: false, error: toErrorBody(err) }),
    );
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => {
  post({ type: 'log', level: 'error', message: `engine failed to start: ${toErrorBody(err).message}` });
  process.exit(1);
});

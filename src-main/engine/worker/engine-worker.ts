// The engine's worker thread: adapts Engine to messages (WorkerRequest in, WorkerEvent out) and
// is the one clock driver: every snapshot interval it ticks the engine with the real time.
import { parentPort, workerData } from 'node:worker_threads';
import { SNAPSHOT_INTERVAL_MS } from '../../../src-shared/api';
import { Engine } from '../engine';
import { toErrorBody } from '../errors';
import type { EngineWorkerData, WorkerCommandName, WorkerCommands, WorkerEvent, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('the engine worker must run in a worker thread');
const data = workerData as EngineWorkerData;

function post(event: WorkerEvent): void {
  port!.postMessage(event);
}

type Handlers = {
  [K in WorkerCommandName]: (arg: WorkerCommands[K]['arg']) => WorkerCommands[K]['result'] | Promise<WorkerCommands[K]['result']>;
};

function handlersOf(engine: Engine): Handlers {
  return {
    status: () => engine.status(),
    startListener: (req) => engine.startListener(req),
    stopListener: () => engine.stopListener(),
    updateSettings: (patch) => engine.updateSettings(patch),
    dropConnection: (id) => engine.dropConnection(id),
    cluster: () => engine.clusterStatus(),
    shutdown: async ({ journal }) => {
      clearInterval(timer);
      await engine.shutdown({ journal });
    },
  };
}

let timer: ReturnType<typeof setInterval> | undefined;

async function main(): Promise<void> {
  const engine = await Engine.open({
    dataDir: data.data_dir,
    owner: data.owner,
    settings: data.settings,
    ingestWorker: data.ingest_worker,
    log: (level, message) => post({ type: 'log', level, message }),
  });
  const handlers = handlersOf(engine);
  timer = setInterval(
    () => post({ type: 'snapshot', snapshot: engine.tick(Date.now()) }),
    data.snapshot_interval_ms ?? SNAPSHOT_INTERVAL_MS,
  );
  port!.on('message', (req: WorkerRequest) => {
    const handle = handlers[req.command] as (arg: unknown) => unknown;
    Promise.resolve()
      .then(() => handle(req.arg))
      .then(
        (value) => post({ type: 'reply', id: req.id, ok: true, value: value ?? null }),
        (err: unknown) => post({ type: 'reply', id: req.id, ok: false, error: toErrorBody(err) }),
      );
  });
  post({ type: 'ready' });
}

main().catch((err: unknown) => {
  post({ type: 'failed', error: toErrorBody(err) });
  process.exit(1);
});

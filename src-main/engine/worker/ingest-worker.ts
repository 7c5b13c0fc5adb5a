// An ingest worker thread (DESIGN §9): an IngestShard fed by the coordinator's ordered messages.
// A call's reply goes on the reply port, then the signal says its number, which wakes the
// coordinator waiting for it (ingest-pool.ts). The bytes read so far are published after every
// message, for the coordinator's flow control.
import { parentPort, workerData } from 'node:worker_threads';
import { IngestShard } from '../ingest/ingest-shard';
import { SIGNAL_REPLY, type IngestInput, type IngestWorkerData } from './ingest-protocol';

const port = parentPort;
if (!port) throw new Error('an ingest worker must run in a worker thread');
const data = workerData as IngestWorkerData;
const shard = new IngestShard(data.settings, data.format, data.now, data.notBefore);
const signal = new Int32Array(data.signal, 0, 1);
const bytesDone = new Float64Array(data.signal, 8, 1);

port.on('message', (msg: IngestInput) => {
  const reply = shard.handle(msg);
  bytesDone[0] = shard.bytesRead;
  if (reply === null) return;
  data.replies.postMessage(reply);
  Atomics.store(signal, SIGNAL_REPLY, reply.seq);
  Atomics.notify(signal, SIGNAL_REPLY);
});

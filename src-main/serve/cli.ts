import createEngineWorker from '../engine/worker?nodeWorker';

const w = createEngineWorker({});
w.on('message', (m) => { console.log(JSON.stringify(m)); void w.terminate(); });

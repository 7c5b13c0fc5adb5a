import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from TypeScript source, the way the built app starts its bundled chunk: tests
 * run the real worker module, compiled on the fly by tsx (a `--import tsx` execArgv is not
 * honoured by workers on Node 20, so a tiny bootstrap registers the loader first).
 */
export function createTsWorker(source: URL, options: WorkerOptions = {}): Worker {
  const bootstrap = `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(source.href)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}

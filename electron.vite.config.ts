import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Two entries share the engine: the Electron main process and the headless CLI
      // (`tallyline serve|send|export`), which runs under plain Node. The third is the ingest
      // worker, which the engine starts by its fixed name beside its own chunk (engine.ts).
      lib: {
        entry: {
          index: resolve(root, 'src-main/electron/index.ts'),
          cli: resolve(root, 'src-main/serve/cli.ts'),
          'ingest-worker': resolve(root, 'src-main/engine/worker/ingest-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
  },
});

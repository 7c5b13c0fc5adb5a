#!/usr/bin/env node
// @ts-check
// The `tallyline` command (serve, send, export), from the build in out/ (`npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('tallyline: not built yet; run `npm run build` first.');
  process.exit(1);
}
await import(cli.href);

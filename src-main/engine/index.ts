// The engine's one door (DESIGN §1, §7.12): the hosts (Electron main, `tallyline serve` and the
// CLI) import from here and nowhere else inside engine/, a rule scripts/lint-imports.mjs enforces.
// The worker entry itself is imported by URL only (`./worker/engine-worker?nodeWorker`), since
// it runs in its own thread.
export { EngineClient, type EngineClientOptions } from './worker/client';
export { EngineError } from './errors';
export type { IngestWorkerSpec } from './ingest/worker-shard';
export {
  COMMAND_VALIDATORS,
  validateConnectionId,
  validateExportRequest,
  validateFormat,
  validateHost,
  validateNatsUrls,
  validateNodeName,
  validateNumber,
  validatePort,
  validateSettingsPatch,
  validateStartListener,
  validateTimeRange,
} from './validate';
export { listenError } from './ingest/listen-errors';
export { exportCsv, EVENT_COUNTS_HEADER, SUMMARIES_HEADER, type ExportOutcome } from './export/csv-export';
export { countWindows, readRecords, readSummaries } from './journal/reader';
export { defaultDataDir } from './journal/data-dir';

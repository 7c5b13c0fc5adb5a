// The `tallyline` command: argument parsing and process concerns (stdout, exit codes, signals).
// The work itself is in serve-command, send-command and export-command.
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { toErrorBody } from '../../src-shared/errors';
import type { ExportRequest } from '../../src-shared/api';
import { DEFAULT_SETTINGS, SETTINGS_RANGES, type Settings } from '../../src-shared/settings';
import createEngineWorker from '../engine/worker/engine-worker?nodeWorker';
import {
  EngineError,
  defaultDataDir,
  validateExportRequest,
  validateNatsUrls,
  validateNodeName,
  validateNumber,
  validatePort,
} from '../engine/index';
import { EXIT_CODES, USAGE_EXIT } from './exit-codes';
import { runExport } from './export-command';
import { parseHostPort } from './host-port';
import { startSend } from './send-command';
import { startServe } from './serve-command';
import type { TrafficFormat } from './traffic';

function fail(command: string, err: unknown): void {
  const { code, message } = toErrorBody(err);
  console.error(`tallyline ${command}: ${message}`);
  process.exitCode = EXIT_CODES[code];
}

/** Runs a flag's check and names the flag in its error, keeping the code (and so the exit status). */
function flag<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    const { code, message } = toErrorBody(err);
    throw new EngineError(code, `${name}: ${message}`);
  }
}

/** A numeric setting given as a flag, checked against its range. */
function setting(name: keyof typeof SETTINGS_RANGES, flagName: string, text: string): number {
  const [lo, hi] = SETTINGS_RANGES[name];
  return validateNumber(flagName, text, lo, hi);
}

interface ServeFlags {
  uiHost: string;
  uiPort: string;
  listen?: string;
  dataDir: string;
  window?: string;
  eventTime?: boolean;
  lateness?: string;
  workers?: string;
  token?: string;
  cluster?: string;
  node?: string;
  view?: string;
  natsCreds?: string;
  natsTlsCa?: string;
  natsTlsCert?: string;
  natsTlsKey?: string;
  natsToken?: string;
  natsUser?: string;
  natsPassword?: string;
}

/** The engine settings the serve flags set; the rest keep their defaults. */
function serveSettings(flags: ServeFlags): Partial<Settings> {
  const settings: Partial<Settings> = {};
  if (flags.window !== undefined) settings.window_seconds = setting('window_seconds', '--window', flags.window);
  if (flags.lateness !== undefined) {
    if (!flags.eventTime) throw new EngineError('BAD_REQUEST', '--lateness applies to event-time windows: add --event-time');
    settings.lateness_ms = setting('lateness_ms', '--lateness', flags.lateness);
  }
  if (flags.eventTime) settings.event_time = true;
  if (flags.workers !== undefined) settings.ingest_workers = setting('ingest_workers', '--workers', flags.workers);
  return { ...settings, ...clusterSettings(flags) };
}

/** --cluster/--node make a node, --view a viewer (DESIGN §10); the --nats-* files pass through as settings. */
function clusterSettings(flags: ServeFlags): Partial<Settings> {
  if (flags.cluster !== undefined && flags.view !== undefined)
    throw new EngineError('BAD_REQUEST', '--cluster and --view exclude each other: a node publishes, a viewer merges');
  if (flags.node !== undefined && flags.cluster === undefined)
    throw new EngineError('BAD_REQUEST', '--node names this node of a cluster: add --cluster nats://HOST:PORT');
  if (flags.view !== undefined && flags.listen !== undefined)
    throw new EngineError('BAD_REQUEST', "--view merges the nodes' windows and does not listen: leave out --listen");
  const s: Partial<Settings> = {};
  const urls = flags.cluster ?? flags.view;
  if (urls !== undefined) {
    s.cluster_mode = flags.cluster !== undefined ? 'node' : 'view';
    s.cluster_urls = flag(flags.cluster !== undefined ? '--cluster' : '--view', () => validateNatsUrls(urls, 'the NATS URLs'));
    if (s.cluster_urls === '')
      throw new EngineError(
        'BAD_REQUEST',
        `${flags.cluster !== undefined ? '--cluster' : '--view'} needs at least one NATS URL, such as nats://127.0.0.1:4222`,
      );
  }
  if (flags.node !== undefined) s.cluster_node = flag('--node', () => validateNodeName(flags.node, 'the node name'));
  if (flags.natsCreds !== undefined) s.cluster_creds_file = flags.natsCreds;
  if (flags.natsTlsCa !== undefined) s.cluster_tls_ca = flags.natsTlsCa;
  if (flags.natsTlsCert !== undefined) s.cluster_tls_cert = flags.natsTlsCert;
  if (flags.natsTlsKey !== undefined) s.cluster_tls_key = flags.natsTlsKey;
  // The engine reads secrets from the environment (its worker thread inherits it): a flag given sets it.
  if (flags.natsToken !== undefined) process.env.TALLYLINE_NATS_TOKEN = flags.natsToken;
  if (flags.natsUser !== undefined) process.env.TALLYLINE_NATS_USER = flags.natsUser;
  if (flags.natsPassword !== undefined) process.env.TALLYLINE_NATS_PASSWORD = flags.natsPassword;
  return s;
}

async function serve(flags: ServeFlags): Promise<void> {
  const running = await startServe({
    dataDir: flags.dataDir,
    uiDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    createWorker: createEngineWorker,
    uiHost: flags.uiHost,
    uiPort: flag('--ui-port', () => validatePort(flags.uiPort)),
    listen: flags.listen === undefined ? null : flag('--listen', () => parseHostPort(flags.listen!)),
    settings: serveSettings(flags),
    token: flags.token ?? null,
    // Set by scripts/start.mjs, so a taken port names the command the user ran (`npm start -- --ui-port 0`).
    portHint: process.env.TALLYLINE_PORT_HINT || undefined,
  });
  console.log(JSON.stringify(running.startLine));
  // stdout is for scripts (one JSON line); a person needs a link the browser client can read the token from.
  if (flags.token) console.error(`tallyline serve: open ${running.startLine.ui}/?token=${encodeURIComponent(flags.token)}`);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now", even if the engine is still writing.
    if (++signals > 1) process.exit(130);
    console.error(`tallyline serve: ${signal}, stopping`);
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        fail('serve', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A serve whose engine died would only answer ENGINE_DOWN: better to exit and let a supervisor restart it.
  running.engine.onDown((message) => {
    console.error(`tallyline serve: ${message}; exiting`);
    void running.stop().finally(() => process.exit(1));
  });
}

interface SendFlags {
  to: string;
  rate: string;
  names: string;
  format: string;
  duration: string;
  connections: string;
  seed: string;
}

async function send(flags: SendFlags): Promise<void> {
  const run = startSend({
    to: flag('--to', () => parseHostPort(flags.to)),
    rate: validateNumber('--rate', flags.rate, 1, 1e9),
    names: validateNumber('--names', flags.names, 1, 1e6),
    format: flags.format as TrafficFormat,
    durationSec: validateNumber('--duration', flags.duration, 0, 1e7, false),
    connections: validateNumber('--connections', flags.connections, 1, 10_000),
    seed: validateNumber('--seed', flags.seed, 0, 2 ** 32),
  });
  const stop = () => run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const report = await run.done;
  console.log(JSON.stringify(report));
  if (report.connections.some((c) => c.error)) process.exitCode = 1;
}

interface ExportFlags {
  dataDir: string;
  what: string;
  from?: string;
  to?: string;
  tz: string;
  output?: string;
}

async function exportCommand(flags: ExportFlags): Promise<void> {
  let request: ExportRequest;
  try {
    request = validateExportRequest({ what: flags.what, from: flags.from, to: flags.to, tz: flags.tz });
  } catch (err) {
    // The validators name the request's fields; here they were typed as flags.
    const { code, message } = toErrorBody(err);
    throw new EngineError(code, message.replace(/^(what|from|to|tz)\b/, '--$1'));
  }
  const out = flags.output ? createWriteStream(flags.output) : process.stdout;
  await runExport({ dataDir: flags.dataDir, request }, out);
  if (flags.output) await new Promise<void>((resolve, reject) => out.end(() => resolve()).once('error', reject));
}

function action<T>(name: string, fn: (flags: T) => Promise<void>) {
  return (flags: T) => fn(flags).catch((err: unknown) => fail(name, err));
}

const program = new Command('tallyline').description('Live analytics of event streams sent over TCP, one event per line.');
// Commander's own mistakes (unknown command or option, missing or invalid value) are usage errors:
// exit 2 like ours, not commander's default 1, and say so in one line as ours do
// ("tallyline: unknown command 'srve' (Did you mean serve?)").
program.exitOverride();
program.configureOutput({
  outputError: (text, write) =>
    write(
      `tallyline: ${text
        .replace(/^error: /, '')
        .trim()
        .replace(/\s*\n\s*/g, ' ')}\n`,
    ),
});

program
  .command('serve')
  .description('run the engine with the UI and the HTTP API; prints {"ui": URL, "ingest": HOST:PORT|null}')
  .option('--ui-host <host>', 'interface of the UI and API (not loopback: needs --token)', '127.0.0.1')
  .option('--ui-port <port>', 'port of the UI and API, 0 picks a free one', '7780')
  .option('--listen <host:port>', 'start the ingest listener at once (port 0 picks one)')
  .option('--data-dir <dir>', 'folder of the summary journal (one serve or app per folder)', defaultDataDir())
  .option('--window <seconds>', `window size, 1 to 3600 seconds (default: ${DEFAULT_SETTINGS.window_seconds})`)
  .option('--event-time', 'put events with a `ts` in the window of their ts, not of their arrival (default: arrival)')
  .option(
    '--lateness <ms>',
    `with --event-time: how long a window waits for late events, 0 to 3600000 (default: ${DEFAULT_SETTINGS.lateness_ms})`,
  )
  .option('--workers <n>', 'threads that parse and count lines, 1 to 16; 0 is one per core (default: 0)')
  .addOption(new Option('--token <secret>', 'required on every API call (Bearer or ?token=)').env('TALLYLINE_TOKEN'))
  .option('--cluster <urls>', 'be a cluster node: publish each closed window to NATS (nats://HOST:PORT, comma-separated)')
  .option('--node <name>', "this node's name in the cluster (default: the host name)")
  .option('--view <urls>', "be a cluster viewer: merge the nodes' windows from NATS (nats://HOST:PORT, comma-separated)")
  .option('--nats-creds <file>', 'NATS credentials file (.creds)')
  .option('--nats-tls-ca <file>', 'CA certificate (PEM) to check the NATS servers against')
  .option('--nats-tls-cert <file>', 'client certificate (PEM) for NATS')
  .option('--nats-tls-key <file>', "the client certificate's key (PEM)")
  .addOption(new Option('--nats-token <secret>', 'NATS token').env('TALLYLINE_NATS_TOKEN'))
  .addOption(new Option('--nats-user <name>', 'NATS user').env('TALLYLINE_NATS_USER'))
  .addOption(new Option('--nats-password <secret>', "the NATS user's password").env('TALLYLINE_NATS_PASSWORD'))
  .action(action('serve', serve));

program
  .command('send')
  .description('send generated events for demos and checks; prints what was sent as one JSON line')
  .requiredOption('--to <host:port>', 'where tallyline listens (required)')
  .option('--rate <n>', 'lines per second, all connections together', '1000')
  .option('--names <k>', 'distinct event names', '10')
  .addOption(new Option('--format <format>', 'line format').choices(['plain', 'json', 'statsd']).default('plain'))
  .option('--duration <seconds>', 'how long to send (rate x duration lines); 0 sends until Ctrl-C', '10')
  .option('--connections <c>', 'TCP connections the lines are dealt over', '1')
  .option('--seed <n>', 'seed of the event-name choice', '1')
  .action(action('send', send));

program
  .command('export')
  .description('write summaries.csv or event_counts.csv from a data folder, without starting anything')
  .option('--data-dir <dir>', 'folder of the summary journal (read while a serve writes it)', defaultDataDir())
  .addOption(new Option('--what <kind>', 'which CSV (required)').choices(['summaries', 'event_counts']).makeOptionMandatory())
  .option('--from <time>', 'first window start, ISO 8601, inclusive (without a zone: in --tz)')
  .option('--to <time>', 'last window start, ISO 8601, exclusive (without a zone: in --tz)')
  .option('--tz <zone>', 'zone of the times written: utc, local (this machine) or a zone such as Europe/Berlin', 'utc')
  .option('-o, --output <file>', 'write here instead of stdout')
  .action(action('export', exportCommand));

// A closed pipe (`tallyline export | head`) is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

try {
  await program.parseAsync();
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  // Commander has printed its sentence (or the help asked for, which exits 0).
  process.exitCode = err.exitCode === 0 ? 0 : USAGE_EXIT;
}

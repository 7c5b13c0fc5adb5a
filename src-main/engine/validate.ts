// The one table of checks for untrusted input (DESIGN §7.11): IPC arguments, HTTP bodies and
// queries, CLI flags and the desktop app's settings file all go through these, at the edge where
// they enter, so a bad port gets the same sentence in the browser, the desktop app and the
// terminal. Past the edge, functions take the typed values these return and trust them.
import type {
  ApiCommands,
  CommandName,
  EventQuery,
  EventsQuery,
  ExportRequest,
  StartListenerRequest,
  TimeRange,
} from '../../src-shared/api';
import {
  CLUSTER_MODES,
  SETTINGS_RANGES,
  TEXT_SETTINGS,
  type ClusterMode,
  type Settings,
  type TextSetting,
} from '../../src-shared/settings';
import { type LineFormat, type Transport } from '../../src-shared/types';
import { natsUrlsProblem, nodeNameProblem, normalTextSetting, textSettingProblem } from '../../src-shared/cluster-rules';
import { isTimeZone, parseInZone, type TimeZoneName } from '../../src-shared/time-zones';
import { EngineError } from './errors';

const FORMATS: readonly LineFormat[] = ['auto', 'json', 'statsd', 'plain'];
const TRANSPORTS: readonly Transport[] = ['tcp', 'udp', 'both'];

function bad(message: string): EngineError {
  return new EngineError('BAD_REQUEST', message);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A number from lo to hi (a whole one when `integer`), given as a number or as the text of one (a
 * command-line flag, a query parameter); `name` opens the sentence.
 */
export function validateNumber(name: string, value: unknown, lo: number, hi: number, integer = true): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < lo || n > hi) {
    throw bad(`${name} must be a ${integer ? 'whole ' : ''}number from ${lo} to ${hi}, not ${JSON.stringify(value)}`);
  }
  return n;
}

export function validatePort(port: unknown): number {
  if (typeof port === 'string' && /^\d+$/.test(port.trim())) port = Number(port.trim());
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EngineError('BAD_PORT', `port must be a whole number from 0 to 65535, not ${JSON.stringify(port)}`);
  }
  return port;
}

export function validateHost(host: unknown): string {
  if (typeof host !== 'string' || host.trim() === '' || host.length > 255 || /[\s/]/.test(host.trim())) {
    throw new EngineError('BAD_HOST', `host must be an IP address or a host name, not ${JSON.stringify(host)}`);
  }
  return host.trim();
}

export function validateFormat(format: unknown): LineFormat {
  if (format === undefined) return 'auto';
  if (typeof format !== 'string' || !FORMATS.includes(format as LineFormat)) {
    throw bad(`format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  }
  return format as LineFormat;
}

/** Which sockets to open; default 'both'. */
export function validateTransport(transport: unknown): Transport {
  if (transport === undefined) return 'both';
  if (typeof transport !== 'string' || !TRANSPORTS.includes(transport as Transport)) {
    throw bad(`transport must be one of ${TRANSPORTS.join(', ')}, not ${JSON.stringify(transport)}`);
  }
  return transport as Transport;
}

export function validateStartListener(body: unknown): StartListenerRequest {
  if (!isObject(body)) throw bad('expected an object {host, port, format?, transport?}');
  return {
    host: validateHost(body.host ?? '127.0.0.1'),
    port: validatePort(body.port),
    format: validateFormat(body.format),
    transport: validateTransport(body.transport),
  };
}

export function validateSettingsPatch(body: unknown): Partial<Settings> {
  if (!isObject(body)) throw bad('expected an object of settings');
  const patch: Partial<Settings> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'event_time') {
      if (typeof value !== 'boolean') throw bad('event_time must be true or false');
      patch.event_time = value;
      continue;
    }
    if (key === 'cluster_mode') {
      if (typeof value !== 'string' || !CLUSTER_MODES.includes(value as ClusterMode)) {
        throw bad(`cluster_mode must be one of ${CLUSTER_MODES.join(', ')}, not ${JSON.stringify(value)}`);
      }
      patch.cluster_mode = value as ClusterMode;
      continue;
    }
    if (TEXT_SETTINGS.includes(key as TextSetting)) {
      patch[key as TextSetting] = validateTextSetting(key as TextSetting, value);
      continue;
    }
    const range = SETTINGS_RANGES[key as keyof typeof SETTINGS_RANGES];
    if (!range) throw bad(`unknown setting ${JSON.stringify(key)}`);
    // JSON bodies carry numbers: the text of a number is refused here, unlike on the command line.
    if (typeof value !== 'number') throw bad(`${key} must be a whole number from ${range[0]} to ${range[1]}, not ${JSON.stringify(value)}`);
    patch[key as keyof typeof SETTINGS_RANGES] = validateNumber(key, value, range[0], range[1]);
  }
  return patch;
}

/** Node names become NATS subject tokens and message ids, so only letters, digits, - and _. */
export function validateNodeName(value: unknown, name = 'cluster_node'): string {
  const problem = nodeNameProblem(value, name);
  if (problem) throw bad(problem);
  return value as string;
}

/** NATS server URLs, comma-separated; each `nats://host:port` (or tls://, ws://, wss://). */
export function validateNatsUrls(value: unknown, name = 'cluster_urls'): string {
  const problem = natsUrlsProblem(value, name);
  if (problem) throw bad(problem);
  return normalTextSetting('cluster_urls', value as string);
}

function validateTextSetting(key: TextSetting, value: unknown): string {
  const problem = textSettingProblem(key, value);
  if (problem) throw bad(problem);
  return normalTextSetting(key, value as string);
}

/** An ISO 8601 time as the canonical UTC string; one without a zone is a wall-clock time in `zone`. */
function validateTime(name: string, value: unknown, zone: TimeZoneName): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'string' ? parseInZone(value, zone) : NaN;
  if (!Number.isFinite(ms)) {
    throw bad(`${name} must be an ISO 8601 time such as 2025-11-29T12:00:00Z, not ${JSON.stringify(value)}`);
  }
  return new Date(ms).toISOString();
}

/** from and to; a time without a zone is read in `zone` (default utc: the export's tz reads its own). */
export function validateTimeRange(body: unknown, zone: TimeZoneName = 'utc'): TimeRange {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw bad('expected an object {from?, to?}');
  const from = validateTime('from', body.from, zone);
  const to = validateTime('to', body.to, zone);
  if (from && to && from > to) throw bad('from must not be after to');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function validateTimeZone(tz: unknown): TimeZoneName {
  if (!isTimeZone(tz)) throw bad(`tz must be utc, local or a time zone such as Europe/Berlin, not ${JSON.stringify(tz)}`);
  return tz;
}

export function validateExportRequest(body: unknown): ExportRequest {
  if (!isObject(body)) throw bad('expected an object {what, from?, to?, tz?}');
  if (body.what !== 'summaries' && body.what !== 'event_counts') {
    throw bad(`what must be summaries or event_counts, not ${JSON.stringify(body.what)}`);
  }
  const tz = validateTimeZone(body.tz ?? 'utc');
  return { what: body.what, tz, ...validateTimeRange({ from: body.from, to: body.to }, tz) };
}

/** GET /api/events: from/to, an optional name filter `q`, and `limit` (1 to 10,000, default 100; text from a query string). */
export function validateEventsQuery(body: unknown): EventsQuery {
  if (body === undefined || body === null) body = {};
  if (!isObject(body)) throw bad('expected an object {from?, to?, q?, limit?}');
  const q = body.q ?? '';
  if (typeof q !== 'string' || q.length > 1024) throw bad(`q must be text of at most 1024 characters, not ${JSON.stringify(q)}`);
  const limit = body.limit === undefined || body.limit === '' ? 100 : validateNumber('limit', body.limit, 1, 10_000);
  return { ...validateTimeRange({ from: body.from, to: body.to }), ...(q ? { q } : {}), limit };
}

/** GET /api/events/{name}: the name, and from/to. */
export function validateEventQuery(body: unknown): EventQuery {
  if (!isObject(body)) throw bad('expected an object {name, from?, to?}');
  const name = body.name;
  if (typeof name !== 'string' || name === '' || name.length > 65_536) throw bad(`name must be an event name, not ${JSON.stringify(name)}`);
  return { name, ...validateTimeRange({ from: body.from, to: body.to }) };
}

export function validateConnectionId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw bad(`not a connection id: ${JSON.stringify(id)}`);
  return id;
}

function noArgument(name: CommandName): (raw: unknown) => void {
  return (raw) => {
    if (raw !== undefined && raw !== null) throw bad(`${name} takes no argument`);
  };
}

/** The check of each command's argument, by command name: what every host runs before calling. */
export const COMMAND_VALIDATORS: Readonly<{ [K in CommandName]: (raw: unknown) => ApiCommands[K]['arg'] }> = Object.freeze({
  status: noArgument('status'),
  cluster: noArgument('cluster'),
  startListener: validateStartListener,
  stopListener: noArgument('stopListener'),
  getSettings: noArgument('getSettings'),
  updateSettings: validateSettingsPatch,
  dropConnection: validateConnectionId,
  summaries: (raw) => validateTimeRange(raw),
  events: validateEventsQuery,
  event: validateEventQuery,
  exportCsv: validateExportRequest,
});

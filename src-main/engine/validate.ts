// Checks of untrusted payloads (HTTP bodies, IPC arguments) before they reach the engine, shared
// by every host so a bad port gets the same sentence in the browser and in the desktop app.
import {
  SETTINGS_RANGES,
  type ExportRequest,
  type LineFormat,
  type Settings,
  type StartListenerRequest,
  type TimeRange,
} from '../../src-shared/types';
import { EngineError } from './errors';

const FORMATS: readonly LineFormat[] = ['auto', 'json', 'statsd', 'plain'];

function bad(message: string): EngineError {
  return new EngineError('BAD_REQUEST', message);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
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

export function validateStartListener(body: unknown): StartListenerRequest {
  if (!isObject(body)) throw bad('expected an object {host, port, format?}');
  return { host: validateHost(body.host ?? '127.0.0.1'), port: validatePort(body.port), format: validateFormat(body.format) };
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
    const range = SETTINGS_RANGES[key as keyof typeof SETTINGS_RANGES];
    if (!range) throw bad(`unknown setting ${JSON.stringify(key)}`);
    const [lo, hi] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
      throw bad(`${key} must be a whole number from ${lo} to ${hi}, not ${JSON.stringify(value)}`);
    }
    patch[key as keyof typeof SETTINGS_RANGES] = value;
  }
  return patch;
}

function validateTime(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw bad(`${name} must be an ISO 8601 time such as 2025-11-29T12:00:00Z, not ${JSON.stringify(value)}`);
  }
  return new Date(Date.parse(value)).toISOString();
}

export function validateTimeRange(body: unknown): TimeRange {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw bad('expected an object {from?, to?}');
  const from = validateTime('from', body.from);
  const to = validateTime('to', body.to);
  if (from && to && from > to) throw bad('from must not be after to');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function validateExportRequest(body: unknown): ExportRequest {
  if (!isObject(body)) throw bad('expected an object {what, from?, to?, tz?}');
  if (body.what !== 'summaries' && body.what !== 'event_counts') {
    throw bad(`what must be summaries or event_counts, not ${JSON.stringify(body.what)}`);
  }
  const tz = body.tz ?? 'utc';
  if (tz !== 'utc' && tz !== 'local') throw bad(`tz must be utc or local, not ${JSON.stringify(tz)}`);
  return { what: body.what, tz, ...validateTimeRange({ from: body.from, to: body.to }) };
}

export function validateConnectionId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw bad(`not a connection id: ${JSON.stringify(id)}`);
  return id;
}

// How a node or viewer reaches NATS: servers from the settings, credentials passed through to the
// client (token, user/password from the host's environment or flags; a creds file and TLS files
// from the settings). Secrets never reach a log line: URLs are logged without their user part.
import { readFileSync } from 'node:fs';
import { credsAuthenticator } from '@nats-io/transport-node';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { NO_NATS_URLS } from '../../../src-shared/cluster-rules';
import type { Settings } from '../../../src-shared/settings';
import { EngineError } from '../errors';

/** Secrets that are not settings (settings are shown in the UI and answered by the API). */
export interface ClusterSecrets {
  token?: string;
  user?: string;
  password?: string;
}

/** The secrets in the environment: TALLYLINE_NATS_TOKEN, TALLYLINE_NATS_USER, TALLYLINE_NATS_PASSWORD. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterSecrets {
  return {
    ...(env.TALLYLINE_NATS_TOKEN ? { token: env.TALLYLINE_NATS_TOKEN } : {}),
    ...(env.TALLYLINE_NATS_USER ? { user: env.TALLYLINE_NATS_USER } : {}),
    ...(env.TALLYLINE_NATS_PASSWORD ? { password: env.TALLYLINE_NATS_PASSWORD } : {}),
  };
}

export function serversOf(settings: Settings): string[] {
  return settings.cluster_urls
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** A server URL fit for a log line: `nats://user:secret@host` becomes `nats://host` (up to the last `@`: a password may hold one). */
export function redactUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = url.indexOf('//');
  return (scheme >= 0 && scheme < at ? url.slice(0, scheme + 2) : '') + url.slice(at + 1);
}

function readFileFor(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new EngineError(
      'BAD_REQUEST',
      `${setting}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/**
 * The client's options. The client reconnects for ever (a node keeps counting and journaling while
 * NATS is away, and publishes its backlog when it is back), waiting 1 s between rounds of servers;
 * the first connection retries the same way.
 */
export function natsOptions(settings: Settings, secrets: ClusterSecrets, name: string): NodeConnectionOptions {
  const servers = serversOf(settings);
  if (servers.length === 0) throw new EngineError('BAD_REQUEST', NO_NATS_URLS);
  const opts: NodeConnectionOptions = {
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: true,
    ...(secrets.token ? { token: secrets.token } : {}),
    ...(secrets.user ? { user: secrets.user, pass: secrets.password ?? '' } : {}),
  };
  if (settings.cluster_creds_file) {
    opts.authenticator = credsAuthenticator(new TextEncoder().encode(readFileFor('cluster_creds_file', settings.cluster_creds_file)));
  }
  if (settings.cluster_tls_ca || settings.cluster_tls_cert || settings.cluster_tls_key) {
    opts.tls = {
      ...(settings.cluster_tls_ca ? { ca: readFileFor('cluster_tls_ca', settings.cluster_tls_ca) } : {}),
      ...(settings.cluster_tls_cert ? { cert: readFileFor('cluster_tls_cert', settings.cluster_tls_cert) } : {}),
      ...(settings.cluster_tls_key ? { key: readFileFor('cluster_tls_key', settings.cluster_tls_key) } : {}),
    };
  }
  return opts;
}

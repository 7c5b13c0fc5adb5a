// The rules of the cluster's text settings (DESIGN §10), as sentences rather than throws, so the
// engine's validator (which throws them as BAD_REQUEST) and the Settings form (which shows them
// next to the field as the user types) say the same thing from one table.
import type { ClusterMode, TextSetting } from './settings';

const NODE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const NATS_URL = /^(nats|tls|ws|wss):\/\/[^\s/,]+$/;
/** Longest URL list or file path accepted. */
const MAX_TEXT = 4096;

/** What is said when a cluster role has no server to reach; `name` opens the sentence. */
function noUrls(name: string): string {
  return `${name} is empty: name at least one NATS server, such as nats://127.0.0.1:4222`;
}

/** What the engine says when a cluster role has no server to reach. */
export const NO_NATS_URLS = noUrls('cluster_urls');

/** Node names become NATS subject tokens and message ids, so only letters, digits, - and _. null when fine. */
export function nodeNameProblem(value: unknown, name = 'cluster_node'): string | null {
  if (typeof value === 'string' && NODE_NAME.test(value)) return null;
  return `${name} must be 1 to 64 letters, digits, - or _, not ${JSON.stringify(value)}`;
}

/** The URLs of a comma-separated list, trimmed, empty items dropped. */
export function natsUrlList(value: string): string[] {
  return value
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** NATS server URLs, comma-separated; each `nats://host:port` (or tls://, ws://, wss://). null when fine. */
export function natsUrlsProblem(value: unknown, name = 'cluster_urls'): string | null {
  if (typeof value !== 'string' || value.length > MAX_TEXT) return `${name} must be text, not ${JSON.stringify(value)}`;
  const wrong = natsUrlList(value).find((u) => !NATS_URL.test(u));
  return wrong === undefined ? null : `${name}: ${JSON.stringify(wrong)} is not a NATS server URL such as nats://127.0.0.1:4222`;
}

/** A cluster text setting's problem (`name` opens the sentence; default the setting's key), or null. */
export function textSettingProblem(key: TextSetting, value: unknown, name: string = key): string | null {
  if (key === 'cluster_urls') return natsUrlsProblem(value, name);
  if (key === 'cluster_node') return value === '' ? null : nodeNameProblem(value, name);
  if (typeof value !== 'string' || value.length > MAX_TEXT || value.includes('\0')) {
    return `${name} must be the path of a file (or empty), not ${JSON.stringify(value)}`;
  }
  return null;
}

/** A valid text setting as the engine keeps it: URLs trimmed and comma-joined, paths trimmed. */
export function normalTextSetting(key: TextSetting, value: string): string {
  if (key === 'cluster_urls') return natsUrlList(value).join(',');
  return key === 'cluster_node' ? value : value.trim();
}

/** A role needs a server: NO_NATS_URLS (opened by `name`) when `mode` is not off and `urls` names none, else null. */
export function clusterUrlsProblem(mode: ClusterMode, urls: string, name = 'cluster_urls'): string | null {
  return mode !== 'off' && natsUrlList(urls).length === 0 ? noUrls(name) : null;
}

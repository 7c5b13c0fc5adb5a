// The Cluster section of the settings form without its state: the mode and the text of each
// cluster field as typed, their messages (the engine's own sentences, from src-shared's rules), and
// the settings they make. Plain, so unit tests run it without the Svelte compiler.
import { clusterUrlsProblem, normalTextSetting, textSettingProblem } from '../../../../src-shared/cluster-rules';
import { TEXT_SETTINGS } from '../../../../src-shared/settings';
import type { ClusterMode, Settings, TextSetting } from '../../../../src-shared/settings';

/** The cluster's settings: its mode and its text fields. */
export type ClusterSettings = Pick<Settings, 'cluster_mode' | TextSetting>;

/** The mode as chosen and each text field as typed. */
export interface ClusterDraft extends Record<TextSetting, string> {
  cluster_mode: ClusterMode;
}

/** Each text field's message, null when it is fine. */
export type ClusterErrors = Readonly<Record<TextSetting, string | null>>;

/** The labels the form shows: messages open with them, as the engine's open with the setting's key. */
export const CLUSTER_LABELS: Readonly<Record<TextSetting, string>> = Object.freeze({
  cluster_urls: 'NATS URLs',
  cluster_node: 'Node name',
  cluster_creds_file: 'Credentials file',
  cluster_tls_ca: 'TLS CA file',
  cluster_tls_cert: 'TLS certificate file',
  cluster_tls_key: 'TLS key file',
});

export function clusterDraftOf(s: Settings): ClusterDraft {
  const d = { cluster_mode: s.cluster_mode } as ClusterDraft;
  for (const k of TEXT_SETTINGS) d[k] = s[k];
  return d;
}

/** The text as sent: a node name is taken without the spaces around it (the engine refuses them). */
function typed(d: ClusterDraft, k: TextSetting): string {
  return k === 'cluster_node' ? d[k].trim() : d[k];
}

export function clusterDraftErrors(d: ClusterDraft): ClusterErrors {
  const e = {} as Record<TextSetting, string | null>;
  for (const k of TEXT_SETTINGS) e[k] = textSettingProblem(k, typed(d, k), CLUSTER_LABELS[k]);
  // A node or viewer with no server: the engine would refuse it on Apply; say so at the field.
  e.cluster_urls ??= clusterUrlsProblem(d.cluster_mode, d.cluster_urls, CLUSTER_LABELS.cluster_urls);
  return e;
}

/** The cluster settings the draft makes, as the engine would keep them; null while a field is wrong. */
export function clusterFromDraft(d: ClusterDraft): ClusterSettings | null {
  const errors = clusterDraftErrors(d);
  if (TEXT_SETTINGS.some((k) => errors[k] !== null)) return null;
  const s = { cluster_mode: d.cluster_mode } as ClusterSettings;
  for (const k of TEXT_SETTINGS) s[k] = normalTextSetting(k, typed(d, k));
  return s;
}

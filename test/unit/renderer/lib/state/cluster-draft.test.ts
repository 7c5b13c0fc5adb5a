import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../../src-shared/settings';
import type { Settings } from '../../../../../src-shared/settings';
import { validateSettingsPatch } from '../../../../../src-main/engine/index';
import {
  clusterDraftErrors,
  clusterDraftOf,
  clusterFromDraft,
  type ClusterDraft,
} from '../../../../../src-renderer/src/lib/state/cluster-draft';
import { draftOf, settingsFromDraft, settingsPatch } from '../../../../../src-renderer/src/lib/state/settings-draft';

const current: Settings = { ...DEFAULT_SETTINGS };
const edited = (fields: Partial<ClusterDraft>): ClusterDraft => ({ ...clusterDraftOf(current), ...fields });

/** What Apply sends for a cluster draft (numbers and event time untouched): null while it is invalid. */
function patchOf(cluster: ClusterDraft): Partial<Settings> | null {
  const next = settingsFromDraft(current, draftOf(current), current.event_time, cluster);
  return next && settingsPatch(current, next);
}

describe('the Cluster section of the settings form: what Apply sends', () => {
  it('sends nothing when nothing changed', () => {
    expect(patchOf(clusterDraftOf(current))).toEqual({});
  });

  it('sends the mode with the URLs as the engine keeps them: trimmed and comma-joined', () => {
    const patch = patchOf(edited({ cluster_mode: 'view', cluster_urls: ' nats://a:4222 , ,nats://b:4222 ' }));
    expect(patch).toEqual({ cluster_mode: 'view', cluster_urls: 'nats://a:4222,nats://b:4222' });
    // The engine takes it as sent.
    expect(validateSettingsPatch(patch)).toEqual(patch);
  });

  it('sends a node name without the spaces around it, and file paths trimmed', () => {
    const patch = patchOf(
      edited({ cluster_mode: 'node', cluster_urls: 'nats://127.0.0.1:4222', cluster_node: ' n1 ', cluster_tls_ca: ' /etc/ca.pem ' }),
    );
    expect(patch).toEqual({
      cluster_mode: 'node',
      cluster_urls: 'nats://127.0.0.1:4222',
      cluster_node: 'n1',
      cluster_tls_ca: '/etc/ca.pem',
    });
  });

  it('sends nothing at all while a cluster field is wrong, nor while a numeric one is', () => {
    expect(patchOf(edited({ cluster_urls: 'http://a:1' }))).toBeNull();
    expect(settingsFromDraft(current, { ...draftOf(current), top_n: 'x' }, false, edited({ cluster_node: 'n1' }))).toBeNull();
  });

  it('keeps the cluster settings as they are when the form is given no cluster draft', () => {
    const clustered = { ...current, cluster_mode: 'node' as const, cluster_urls: 'nats://h:1', cluster_node: 'n9' };
    expect(settingsFromDraft(clustered, draftOf(clustered), false)).toEqual(clustered);
  });
});

describe('the Cluster section: messages', () => {
  it('has none for the settings as loaded', () => {
    expect(Object.values(clusterDraftErrors(clusterDraftOf(current))).every((e) => e === null)).toBe(true);
  });

  it("words a bad URL and a bad node name as the engine does, opened by the field's label", () => {
    const errors = clusterDraftErrors(edited({ cluster_urls: 'nats://ok:1,http://x:2', cluster_node: 'no spaces' }));
    expect(errors.cluster_urls).toBe('NATS URLs: "http://x:2" is not a NATS server URL such as nats://127.0.0.1:4222');
    expect(errors.cluster_node).toBe('Node name must be 1 to 64 letters, digits, - or _, not "no spaces"');
    const engine = (patch: object) => {
      try {
        validateSettingsPatch(patch);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(engine({ cluster_urls: 'nats://ok:1,http://x:2' })).toBe(errors.cluster_urls!.replace('NATS URLs', 'cluster_urls'));
    expect(engine({ cluster_node: 'no spaces' })).toBe(errors.cluster_node!.replace('Node name', 'cluster_node'));
  });

  it('asks for a server when a node or viewer has none, and not when the mode is off', () => {
    for (const mode of ['node', 'view'] as const) {
      expect(clusterDraftErrors(edited({ cluster_mode: mode, cluster_urls: ' , ' })).cluster_urls).toBe(
        'NATS URLs is empty: name at least one NATS server, such as nats://127.0.0.1:4222',
      );
    }
    expect(clusterDraftErrors(edited({ cluster_mode: 'off', cluster_urls: '' })).cluster_urls).toBeNull();
  });

  it('accepts an empty node name (the host name) and empty file paths', () => {
    const d = edited({ cluster_mode: 'node', cluster_urls: 'nats://h:4222', cluster_node: '', cluster_creds_file: '' });
    expect(clusterFromDraft(d)).toMatchObject({ cluster_node: '', cluster_creds_file: '' });
  });

  it('puts a 65-character node name on the node field and no other', () => {
    const errors = clusterDraftErrors(edited({ cluster_node: 'n'.repeat(65) }));
    expect(
      Object.entries(errors)
        .filter(([, e]) => e !== null)
        .map(([k]) => k),
    ).toEqual(['cluster_node']);
  });
});

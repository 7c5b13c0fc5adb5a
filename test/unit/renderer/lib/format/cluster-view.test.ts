import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '../../../../../src-shared/cluster';
import { linkLine, mergeCounts, missingMark, nodeRows } from '../../../../../src-renderer/src/lib/format/cluster-view';
import { quietSummary } from '../../../../support/window-records';
import { local } from '../../support/locale';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 30);

const status: ClusterStatus = {
  mode: 'view',
  connected: true,
  servers: ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223'],
  node: null,
  backlog: 0,
  nodes: [
    { name: 'n2', alive: false, last_heartbeat: new Date(NOW - 12_000).toISOString(), events_per_sec: 40, windows_behind: 3 },
    { name: 'n1', alive: true, last_heartbeat: new Date(NOW - 400).toISOString(), events_per_sec: 1250, windows_behind: 0 },
    { name: 'n0', alive: false, last_heartbeat: null, events_per_sec: 0, windows_behind: 1 },
  ],
  partials: 1200,
  duplicates: 2,
  refused: 0,
  amended: 1,
};

describe('nodeRows', () => {
  it('lists the nodes by name with alive or dead, heartbeat age, events/s (none for a dead one) and windows behind', () => {
    expect(nodeRows(status.nodes, NOW)).toEqual([
      { name: 'n0', alive: false, heartbeat: 'never', heartbeatAt: '', eventsPerSec: '—', windowsBehind: '1' },
      {
        name: 'n1',
        alive: true,
        heartbeat: '0 s ago',
        heartbeatAt: status.nodes[1]!.last_heartbeat,
        eventsPerSec: local('1,250'),
        windowsBehind: '0',
      },
      {
        name: 'n2',
        alive: false,
        heartbeat: '12 s ago',
        heartbeatAt: status.nodes[0]!.last_heartbeat,
        eventsPerSec: '—',
        windowsBehind: '3',
      },
    ]);
  });
});

describe('linkLine and mergeCounts', () => {
  it('says whether NATS is connected and where', () => {
    expect(linkLine(status)).toBe('Connected to NATS at nats://127.0.0.1:4222, nats://127.0.0.1:4223');
    expect(linkLine({ ...status, connected: false, servers: [] })).toBe('Not connected to NATS');
  });

  it("gives the viewer's four merge counts in order", () => {
    expect(mergeCounts(status).map((c) => [c.label, c.value])).toEqual([
      ['Partials', local('1,200')],
      ['Duplicates', '2'],
      ['Refused', '0'],
      ['Amended', '1'],
    ]);
  });
});

describe('missingMark', () => {
  const win = quietSummary(NOW, NOW + 2000, { events: 5 });

  it('marks nothing on one machine or when every node reported', () => {
    expect(missingMark(win)).toBeNull();
    expect(missingMark({ ...win, nodes: ['n1', 'n2'], nodes_missing: [] })).toBeNull();
  });

  it('names the missing node in the mark and in its title', () => {
    const mark = missingMark({ ...win, nodes: ['n1'], nodes_missing: ['n2'] });
    expect(mark?.text).toBe('n2 missing');
    expect(mark?.title).toMatch(/^Missing node: n2\. /);
  });

  it('counts several missing nodes in the mark and names them all in the title', () => {
    const mark = missingMark({ ...win, nodes: ['n1'], nodes_missing: ['n2', 'n3'] });
    expect(mark?.text).toBe('2 nodes missing');
    expect(mark?.title).toMatch(/^Missing nodes: n2, n3\. /);
  });
});

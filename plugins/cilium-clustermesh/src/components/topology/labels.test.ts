import type {
  ClusterStatus,
  MeshConnection,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  clusterDescription,
  clusterLines,
  describeLinkCounts,
  edgeDescription,
  edgeLabel,
  emptyLinkCounts,
  LinkCounts,
} from './labels';

function layer(ready: number, total: number) {
  return {
    total,
    configured: total,
    ready,
    unreadable: 0,
    failures: 0,
    notReadyPods: [],
  };
}

const degraded: MeshConnection = {
  from: 'cluster3',
  to: 'cluster1',
  configured: true,
  state: 'degraded',
  agents: layer(2, 3),
  kvstoremesh: layer(1, 1),
};

describe('edge text', () => {
  it.each<[string, MeshConnection | undefined, boolean, string, string]>([
    [
      'degraded, both layers',
      degraded,
      false,
      '! Degraded · agents 2/3',
      'cluster3 to cluster1: Degraded, agents 2/3 ready, KVStoreMesh 1/1 ready',
    ],
    [
      'not configured on a one-way pair',
      {
        ...degraded,
        configured: false,
        state: 'unconfigured',
        agents: layer(0, 3),
        kvstoremesh: undefined,
      },
      true,
      '– Not configured · agents 0/3',
      "cluster3 to cluster1: Not configured, agents 0/3 ready, not in cluster3's configuration, one-way link",
    ],
    [
      'unknown without metrics',
      { from: 'cluster3', to: 'cluster1', configured: false, state: 'unknown' },
      false,
      '? Unknown',
      "cluster3 to cluster1: Unknown, not in cluster3's configuration",
    ],
    [
      'down',
      { ...degraded, state: 'disconnected', agents: layer(0, 3) },
      true,
      '✕ Down · agents 0/3',
      'cluster3 to cluster1: Down, agents 0/3 ready, KVStoreMesh 1/1 ready, one-way link',
    ],
    [
      'no connection at all',
      undefined,
      false,
      '· No link',
      'cluster3 to cluster1: No link (cluster3 neither configures nor observes cluster1)',
    ],
  ])('%s', (_, connection, oneWay, label, description) => {
    expect(edgeLabel(connection)).toBe(label);
    expect(edgeDescription('cluster3', 'cluster1', connection, oneWay)).toBe(
      description,
    );
  });
});

describe('describeLinkCounts', () => {
  it.each<[Partial<LinkCounts>, string]>([
    [{ connected: 229, disconnected: 2 }, '2 Down, 229 Ready'],
    [{ connected: 64516, unknown: 254 }, '254 Unknown, 64,516 Ready'],
    [
      { degraded: 1, unconfigured: 3, missing: 2 },
      '1 Degraded, 3 Not configured, 2 No link',
    ],
    [{}, ''],
  ])('%j', (counts, expected) => {
    expect(describeLinkCounts({ ...emptyLinkCounts(), ...counts })).toBe(
      expected,
    );
  });
});

describe('cluster text', () => {
  const healthy: ClusterStatus = {
    name: 'cluster1',
    health: 'healthy',
    observedAt: '2026-06-01T11:59:30.000Z',
    warnings: [],
    configuredPeers: ['cluster2'],
    cilium: {
      version: '1.20.0',
      clusterId: 1,
      maxConnectedClusters: 255,
      encryption: 'disabled',
      podCidrs: ['10.1.0.0/16'],
      agents: { desired: 3, ready: 2, metricsEnabled: true },
    },
  };
  const unreachable: ClusterStatus = {
    ...healthy,
    name: 'cluster2',
    health: 'down',
    cilium: undefined,
    error: {
      source: 'GET configmaps/cilium-config',
      kind: 'timeout',
      message: 'context deadline exceeded',
    },
  };

  it.each<[ClusterStatus, string[], string]>([
    [
      healthy,
      ['cluster1', 'ID 1 · Cilium 1.20.0', 'Agents 2/3 ready', '✓ Healthy'],
      'cluster1: Healthy, cluster ID 1, Cilium 1.20.0, agents 2/3 ready',
    ],
    [
      {
        ...healthy,
        health: 'degraded',
        cilium: {
          ...healthy.cilium!,
          version: undefined,
          clusterId: undefined,
        },
      },
      ['cluster1', 'ID ? · Cilium ?', 'Agents 2/3 ready', '! Degraded'],
      'cluster1: Degraded, cluster ID unknown, Cilium version unknown, agents 2/3 ready',
    ],
    [
      unreachable,
      ['cluster2', 'Timed out', '✕ Down'],
      'cluster2: Down, timed out: context deadline exceeded',
    ],
    [
      { ...unreachable, error: undefined },
      ['cluster2', 'No Cilium found', '✕ Down'],
      'cluster2: Down, no Cilium found',
    ],
  ])('%#: $name', (cluster, lines, description) => {
    expect(clusterLines(cluster)).toEqual(lines);
    expect(clusterDescription(cluster)).toBe(description);
  });
});

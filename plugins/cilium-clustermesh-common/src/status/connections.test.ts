import { buildConnections } from './connections';
import { indexMesh } from './meshIndex';
import type { MeshConnection } from './meshStatus';
import type { ClusterObservation } from './observation';
import {
  agentPods,
  forgetPeer,
  kvstoremeshPod,
  makeUnreachable,
  markNotReady,
  seed,
} from './__testUtils__/observations';

function connections(observations: ClusterObservation[]): MeshConnection[] {
  return buildConnections(indexMesh(observations));
}

function connection(
  observations: ClusterObservation[],
  from: string,
  to: string,
): MeshConnection | undefined {
  return connections(observations).find(c => c.from === from && c.to === to);
}

const unreadableMetrics = {
  source: 'GET pods/proxy metrics',
  kind: 'failed' as const,
  message: 'connection refused',
};

describe('buildConnections', () => {
  it('lists one connection per ordered pair of the seed mesh, sorted by from and to', () => {
    expect(connections(seed()).map(c => `${c.from}>${c.to}`)).toEqual([
      'cluster1>cluster2',
      'cluster1>cluster3',
      'cluster2>cluster1',
      'cluster2>cluster3',
      'cluster3>cluster1',
      'cluster3>cluster2',
    ]);
  });

  it('sums up what each layer of the seed reports', () => {
    expect(connection(seed(), 'cluster1', 'cluster2')).toEqual({
      from: 'cluster1',
      to: 'cluster2',
      configured: true,
      state: 'connected',
      agents: {
        total: 3,
        configured: 3,
        ready: 3,
        unreadable: 0,
        nodes: 3,
        services: 1,
        endpoints: 2,
        failures: 0,
        notReadyPods: [],
      },
      kvstoremesh: {
        total: 1,
        configured: 1,
        ready: 1,
        unreadable: 0,
        nodes: 3,
        services: 1,
        endpoints: 2,
        failures: 0,
        notReadyPods: [],
      },
    });
  });

  it.each<[string, MeshConnection['state'], ClusterObservation[]]>([
    ['the healthy seed', 'connected', seed()],
    [
      'no agent and no KVStoreMesh replica reporting the peer ready',
      'disconnected',
      seed({
        cluster3: (_, c) => {
          markNotReady(c.agentViews, 'cluster1');
          markNotReady(c.kvstoremeshViews, 'cluster1');
        },
      }),
    ],
    [
      'one agent of three not ready',
      'degraded',
      seed({
        cluster3: (_, c) =>
          markNotReady(c.agentViews, 'cluster1', [agentPods('cluster3')[1]]),
      }),
    ],
    [
      'KVStoreMesh not ready while the agents are',
      'degraded',
      seed({
        cluster3: (_, c) => markNotReady(c.kvstoremeshViews, 'cluster1'),
      }),
    ],
    [
      'one agent whose metrics cannot be read',
      'degraded',
      seed({
        cluster3: (_, c) => {
          c.agentViews[0] = {
            pod: c.agentViews[0].pod,
            error: unreadableMetrics,
            peers: [],
          };
        },
      }),
    ],
    [
      'no readable metrics at all',
      'unknown',
      seed({
        cluster3: (_, c) => {
          for (const view of [...c.agentViews, ...c.kvstoremeshViews]) {
            view.error = unreadableMetrics;
            view.peers = [];
          }
        },
      }),
    ],
    [
      'neither agent metrics nor KVStoreMesh',
      'unknown',
      seed({
        cluster3: (_, c) => {
          c.agentViews = [];
          c.kvstoremeshViews = [];
        },
      }),
    ],
    [
      'agent metrics off but KVStoreMesh connected',
      'connected',
      seed({
        cluster3: (_, c) => {
          c.agentViews = [];
        },
      }),
    ],
    ['cluster3 unreachable', 'unknown', seed({ cluster3: makeUnreachable })],
    [
      'cluster3 without Cilium',
      'unknown',
      seed({
        cluster3: o => {
          delete o.cilium;
        },
      }),
    ],
    [
      'still reported but no longer configured',
      'unconfigured',
      seed({
        cluster3: (_, c) => {
          c.configuredPeers = c.configuredPeers.filter(
            p => p.name !== 'cluster1',
          );
        },
      }),
    ],
  ])('cluster3 → cluster1 with %s is %s', (_, state, observations) => {
    expect(connection(observations, 'cluster3', 'cluster1')?.state).toBe(state);
  });

  it('lists the pods that do not report the peer ready, and counts unreadable ones', () => {
    const [a, b, c] = agentPods('cluster3');
    const observations = seed({
      cluster3: (_, cilium) => {
        markNotReady(cilium.agentViews, 'cluster1', [c]);
        cilium.agentViews[0] = { pod: a, error: unreadableMetrics, peers: [] };
      },
    });
    const agents = connection(observations, 'cluster3', 'cluster1')!.agents!;
    expect(agents).toMatchObject({
      total: 3,
      unreadable: 1,
      configured: 2,
      ready: 1,
      failures: 4,
      lastFailure: '2026-06-01T11:58:00.000Z',
      notReadyPods: [c],
    });
    expect(agents.notReadyPods).not.toContain(b);
  });

  it('keeps the highest counts and the newest failure across observers', () => {
    const observations = seed({
      cluster1: (_, c) => {
        const [first, second] = c.agentViews.map(
          view => view.peers.find(p => p.cluster === 'cluster2')!,
        );
        Object.assign(first, {
          nodes: 5,
          failures: 2,
          lastFailure: '2026-05-30T10:00:00Z',
        });
        Object.assign(second, {
          nodes: 4,
          endpoints: 9,
          failures: 3,
          lastFailure: '2026-05-31T10:00:00Z',
        });
      },
    });
    expect(
      connection(observations, 'cluster1', 'cluster2')!.agents,
    ).toMatchObject({
      nodes: 5,
      endpoints: 9,
      failures: 5,
      lastFailure: '2026-05-31T10:00:00Z',
    });
  });

  it.each<[string, string, string, boolean, ClusterObservation[]]>([
    [
      'kept when only the peer configures the link back',
      'cluster1',
      'cluster2',
      true,
      seed({ cluster1: (_, c) => forgetPeer(c, 'cluster2') }),
    ],
    [
      'dropped when neither side configures or reports the other',
      'cluster1',
      'cluster2',
      false,
      seed({
        cluster1: (_, c) => forgetPeer(c, 'cluster2'),
        cluster2: (_, c) => forgetPeer(c, 'cluster1'),
      }),
    ],
    [
      'kept towards an unreachable cluster that others configure',
      'cluster1',
      'cluster2',
      true,
      seed({ cluster2: makeUnreachable }),
    ],
    [
      'kept from an unreachable cluster that others configure',
      'cluster2',
      'cluster1',
      true,
      seed({ cluster2: makeUnreachable }),
    ],
  ])(
    'a connection is %s (%s → %s present: %s)',
    (_, from, to, present, observations) => {
      expect(connection(observations, from, to) !== undefined).toBe(present);
    },
  );

  it('describes a link that only the peer configures as unconfigured, with every pod missing it', () => {
    const observations = seed({
      cluster1: (_, c) => forgetPeer(c, 'cluster2'),
    });
    expect(connection(observations, 'cluster1', 'cluster2')).toMatchObject({
      configured: false,
      state: 'unconfigured',
      agents: { configured: 0, ready: 0, notReadyPods: agentPods('cluster1') },
      kvstoremesh: { notReadyPods: [kvstoremeshPod('cluster1')] },
    });
  });

  it('ignores peers outside the mesh', () => {
    const observations = seed({
      cluster1: (_, c) => {
        c.configuredPeers.push({
          name: 'elsewhere',
          addresses: [],
          sources: ['remote-users'],
        });
        c.kvstoremeshViews[0].peers.push({
          cluster: 'elsewhere',
          ready: false,
          failures: 1,
        });
      },
    });
    expect(
      connections(observations).filter(
        c => c.from === 'cluster1' || c.to === 'cluster1',
      ),
    ).toHaveLength(4);
  });

  it('maps Cilium cluster names to the mesh definition names', () => {
    const observations = seed({
      cluster2: (_, c) => {
        c.config.clusterName = 'aks-weu-2';
      },
      cluster1: (_, c) => {
        c.configuredPeers[0].name = 'aks-weu-2';
        for (const view of [...c.agentViews, ...c.kvstoremeshViews]) {
          view.peers[0].cluster = 'aks-weu-2';
        }
      },
    });
    expect(connection(observations, 'cluster1', 'cluster2')).toMatchObject({
      configured: true,
      state: 'connected',
    });
  });
});

import { buildMeshStatus } from '../status/buildMeshStatus';
import type { ClusterObservation } from '../status/observation';
import {
  agentPods,
  forgetPeer,
  kvstoremeshPod,
  largeMesh,
  makeUnreachable,
  markNotReady,
  SEED_CLUSTERS,
  SEED_NOW,
  seed,
} from '../status/__testUtils__/observations';
import { meshReadiness } from './readiness';

const seedNames = [...SEED_CLUSTERS];

function readiness(
  observations: ClusterObservation[],
  expected: string[] = seedNames,
) {
  return meshReadiness(
    buildMeshStatus({ mesh: 'seed', observations, now: SEED_NOW }),
    expected,
  );
}

describe('meshReadiness', () => {
  it('reports the healthy seed mesh ready, one line per directed pair', () => {
    expect(readiness(seed())).toEqual({
      ready: true,
      pending: 0,
      lines: [
        'cluster1 → cluster2: 3/3 agents ready, KVStoreMesh ready',
        'cluster1 → cluster3: 3/3 agents ready, KVStoreMesh ready',
        'cluster2 → cluster1: 3/3 agents ready, KVStoreMesh ready',
        'cluster2 → cluster3: 3/3 agents ready, KVStoreMesh ready',
        'cluster3 → cluster1: 3/3 agents ready, KVStoreMesh ready',
        'cluster3 → cluster2: 3/3 agents ready, KVStoreMesh ready',
      ],
    });
  });

  it.each<[string, ClusterObservation[], string[], number, string[]]>([
    [
      'agents still connecting',
      seed({
        cluster1: (_o, cilium) =>
          markNotReady(
            cilium.agentViews,
            'cluster2',
            agentPods('cluster1').slice(1),
          ),
      }),
      seedNames,
      1,
      ['cluster1 → cluster2: 1/3 agents ready, KVStoreMesh ready (waiting)'],
    ],
    [
      'KVStoreMesh still connecting',
      seed({
        cluster2: (_o, cilium) =>
          markNotReady(cilium.kvstoremeshViews, 'cluster3', [
            kvstoremeshPod('cluster2'),
          ]),
      }),
      seedNames,
      1,
      [
        'cluster2 → cluster3: 3/3 agents ready, KVStoreMesh 0/1 ready (waiting)',
      ],
    ],
    [
      'an unreachable cluster',
      seed({ cluster3: observation => makeUnreachable(observation) }),
      seedNames,
      3,
      [
        'cluster3: unreachable (dial tcp 10.0.0.1:443: i/o timeout) (waiting)',
        'cluster3 → cluster1: unknown until cluster3 can be read (waiting)',
        'cluster3 → cluster2: unknown until cluster3 can be read (waiting)',
      ],
    ],
    [
      'a cluster that refuses the portal',
      seed({
        cluster2: observation => {
          makeUnreachable(observation);
          observation.error = {
            source: 'GET configmaps/cilium-config',
            kind: 'forbidden',
            message: 'configmaps is forbidden',
          };
        },
      }),
      seedNames,
      3,
      [
        'cluster2: cannot be read (forbidden: configmaps is forbidden) (waiting)',
      ],
    ],
    [
      'a peer not configured yet',
      seed({ cluster1: (_o, cilium) => forgetPeer(cilium, 'cluster3') }),
      seedNames,
      1,
      ['cluster1 → cluster3: not configured on cluster1 yet (waiting)'],
    ],
    [
      'Cilium not installed',
      seed({
        cluster2: observation => {
          delete observation.cilium;
        },
      }),
      seedNames,
      3,
      [
        'cluster2: Cilium is not installed yet (waiting)',
        'cluster2 → cluster1: unknown until Cilium runs on cluster2 (waiting)',
        'cluster2 → cluster3: unknown until Cilium runs on cluster2 (waiting)',
      ],
    ],
    [
      'agents still rolling out',
      seed({
        cluster1: (_o, cilium) => {
          cilium.agents.ready = 2;
        },
      }),
      seedNames,
      1,
      ['cluster1: 2/3 Cilium agents running (waiting)'],
    ],
    [
      'agent metrics off',
      seed({
        cluster1: (_o, cilium) => {
          cilium.agents.metricsEnabled = false;
          cilium.agentViews = [];
        },
      }),
      seedNames,
      2,
      [
        'cluster1 → cluster2: no agent metrics, KVStoreMesh ready (waiting)',
        'cluster1 → cluster3: no agent metrics, KVStoreMesh ready (waiting)',
      ],
    ],
    [
      'an agent whose metrics cannot be read',
      seed({
        cluster1: (_o, cilium) => {
          cilium.agentViews[0] = {
            pod: cilium.agentViews[0].pod,
            error: { source: 'metrics', kind: 'failed', message: 'refused' },
            peers: [],
          };
        },
      }),
      seedNames,
      2,
      [
        'cluster1 → cluster2: 2/3 agents ready (1 unreadable), KVStoreMesh ready (waiting)',
        'cluster1 → cluster3: 2/3 agents ready (1 unreadable), KVStoreMesh ready (waiting)',
      ],
    ],
    [
      'an expected cluster that is not observed',
      seed(),
      [...seedNames, 'cluster4'],
      7,
      [
        'cluster4: not observed yet (waiting)',
        'cluster1 → cluster4: not configured on cluster1 yet (waiting)',
        'cluster4 → cluster1: unknown until cluster4 can be read (waiting)',
      ],
    ],
  ])('waits for %s', (_what, observations, expected, pending, waitingLines) => {
    const result = readiness(observations, expected);
    expect(result.ready).toBe(false);
    expect(result.pending).toBe(pending);
    expect(result.lines.filter(line => line.endsWith('(waiting)'))).toEqual(
      expect.arrayContaining(waitingLines),
    );
    expect(
      result.lines.filter(line => line.endsWith('(waiting)')),
    ).toHaveLength(pending);
  });

  it('only judges the expected clusters', () => {
    const observations = seed({
      cluster3: observation => makeUnreachable(observation),
    });
    expect(
      readiness(observations, ['cluster1', 'cluster2', 'cluster1']),
    ).toEqual({
      ready: true,
      pending: 0,
      lines: [
        'cluster1 → cluster2: 3/3 agents ready, KVStoreMesh ready',
        'cluster2 → cluster1: 3/3 agents ready, KVStoreMesh ready',
      ],
    });
  });

  it('works without KVStoreMesh', () => {
    const observations = seed();
    for (const observation of observations) {
      observation.cilium!.kvstoremeshViews = [];
    }
    const result = readiness(observations);
    expect(result.ready).toBe(true);
    expect(result.lines[0]).toBe('cluster1 → cluster2: 3/3 agents ready');
  });

  it('judges a 32-cluster mesh', () => {
    const observations = largeMesh(32, 10);
    const names = observations.map(o => o.cluster);
    expect(readiness(observations, names)).toMatchObject({
      ready: true,
      pending: 0,
    });
    markNotReady(observations[5].cilium!.agentViews, names[7]);
    const result = readiness(observations, names);
    expect(result).toMatchObject({ ready: false, pending: 1 });
    expect(result.lines).toHaveLength(32 * 31);
    expect(result.lines).toContain(
      `${names[5]} → ${names[7]}: 0/3 agents ready, KVStoreMesh ready (waiting)`,
    );
  });
});

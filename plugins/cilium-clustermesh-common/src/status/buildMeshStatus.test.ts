import { buildMeshStatus } from './buildMeshStatus';
import {
  largeMesh,
  makeUnreachable,
  SEED_NOW,
  SEED_OBSERVED_AT,
  seed,
  seedObservations,
} from './__testUtils__/observations';

function build(observations = seedObservations()) {
  return buildMeshStatus({
    mesh: 'seed',
    title: 'Seed mesh',
    observations,
    now: SEED_NOW,
  });
}

describe('buildMeshStatus', () => {
  it('finds the healthy seed mesh healthy, fully connected and without problems', () => {
    const status = build();
    expect(status.problems).toEqual([]);
    expect(status.health).toBe('healthy');
    expect(status.mesh).toBe('seed');
    expect(status.title).toBe('Seed mesh');
    expect(status.clusters.map(c => [c.name, c.health])).toEqual([
      ['cluster1', 'healthy'],
      ['cluster2', 'healthy'],
      ['cluster3', 'healthy'],
    ]);
    expect(status.connections).toHaveLength(6);
    expect(status.connections.every(c => c.state === 'connected')).toBe(true);
  });

  it("copies each cluster's Cilium facts and configured peers", () => {
    const cluster2 = build().clusters[1];
    expect(cluster2).toEqual({
      name: 'cluster2',
      health: 'healthy',
      observedAt: SEED_OBSERVED_AT,
      warnings: [],
      configuredPeers: ['cluster1', 'cluster3'],
      cilium: expect.objectContaining({
        version: '1.20.0',
        clusterName: 'cluster2',
        clusterId: 2,
        maxConnectedClusters: 255,
        podCidrs: ['10.2.0.0/16'],
        agents: { desired: 3, ready: 3, metricsEnabled: true },
        clustermeshApiserver: expect.objectContaining({
          addresses: ['172.21.11.200'],
          port: 2379,
          kvstoremesh: true,
        }),
      }),
    });
  });

  it.each([
    ['no clusters', 'unknown', () => []],
    [
      'every cluster unreachable',
      'down',
      () =>
        seed({
          cluster1: makeUnreachable,
          cluster2: makeUnreachable,
          cluster3: makeUnreachable,
        }),
    ],
    [
      'one cluster unreachable',
      'degraded',
      () => seed({ cluster2: makeUnreachable }),
    ],
    [
      'only a note (agent metrics off)',
      'healthy',
      () =>
        seed({
          cluster1: (_, c) => {
            c.agents.metricsEnabled = false;
            c.agentViews = [];
          },
        }),
    ],
  ])('mesh health with %s is %s', (_, health, observations) => {
    expect(build(observations()).health).toBe(health);
  });

  it('keeps an unreachable cluster with its error, down, and without Cilium facts', () => {
    const status = build(seed({ cluster3: makeUnreachable }));
    const cluster3 = status.clusters.find(c => c.name === 'cluster3')!;
    expect(cluster3.health).toBe('down');
    expect(cluster3.error?.kind).toBe('unreachable');
    expect(cluster3.cilium).toBeUndefined();
    expect(cluster3.configuredPeers).toEqual([]);
  });

  it('dates the status by its oldest observation', () => {
    const observations = seed({
      cluster2: o => {
        o.observedAt = '2026-06-01T11:58:30.000Z';
      },
    });
    expect(build(observations).observedAt).toBe('2026-06-01T11:58:30.000Z');
  });

  it('handles 255 clusters with full metrics and 2,000 global services', () => {
    const observations = largeMesh(255, 2000);
    const status = buildMeshStatus({
      mesh: 'large',
      observations,
      now: SEED_NOW,
    });
    expect(status.connections).toHaveLength(255 * 254);
    expect(
      status.connections.filter(c => c.state === 'connected'),
    ).toHaveLength(255 * 254);
    expect(status.problems).toEqual([]);
  });
});

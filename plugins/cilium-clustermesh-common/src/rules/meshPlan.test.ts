import { checkMeshPlan, MeshPlan } from './meshPlan';
import { formatViolations } from './violation';

const seedPlan: MeshPlan = {
  maxConnectedClusters: 255,
  clusters: [
    {
      name: 'aks-1',
      id: 1,
      podCidr: '10.1.0.0/16',
      serviceCidr: '10.0.0.0/16',
    },
    {
      name: 'aks-2',
      id: 2,
      podCidr: '10.2.0.0/16',
      serviceCidr: '10.0.0.0/16',
    },
    {
      name: 'aks-3',
      id: 3,
      podCidr: '10.3.0.0/16',
      serviceCidr: '10.0.0.0/16',
    },
  ],
};

function withCluster(index: number, change: object): MeshPlan {
  return {
    ...seedPlan,
    clusters: seedPlan.clusters.map((c, i) =>
      i === index ? { ...c, ...change } : c,
    ),
  };
}

describe('checkMeshPlan', () => {
  it('accepts the seed layout, where service ranges repeat across clusters', () => {
    expect(checkMeshPlan(seedPlan)).toEqual([]);
  });

  it.each([
    [
      'duplicate names',
      withCluster(2, { name: 'aks-1' }),
      'clusters[2].name',
      'also used by clusters[0]',
    ],
    [
      'duplicate ids',
      withCluster(1, { id: 1 }),
      'clusters[1].id',
      'also used by clusters[0]',
    ],
    [
      'overlapping pod ranges',
      withCluster(2, { podCidr: '10.2.128.0/17' }),
      'clusters[2].podCidr',
      'overlaps clusters[1].podCidr',
    ],
    [
      'pod range inside a service range',
      withCluster(0, { podCidr: '10.0.128.0/17' }),
      'clusters[0].podCidr',
      'overlaps the service CIDR',
    ],
    [
      'invalid name',
      withCluster(1, { name: 'AKS 2' }),
      'clusters[1].name',
      'lowercase',
    ],
    [
      'id out of range',
      withCluster(1, { id: 256 }),
      'clusters[1].id',
      'from 1 to 255',
    ],
    [
      'bad max',
      { ...seedPlan, maxConnectedClusters: 300 },
      'maxConnectedClusters',
      'either 255 or 511',
    ],
    [
      'a single cluster',
      { ...seedPlan, clusters: seedPlan.clusters.slice(0, 1) },
      'clusters',
      'at least two',
    ],
    [
      'malformed pod range',
      withCluster(0, { podCidr: '10.1.0.0' }),
      'clusters[0].podCidr',
      'not a CIDR',
    ],
  ])('refuses %s', (_what, plan, field, rule) => {
    const violations = checkMeshPlan(plan);
    expect(violations).toContainEqual(
      expect.objectContaining({ field, rule: expect.stringContaining(rule) }),
    );
    expect(formatViolations(violations)).toContain(`${field}: `);
  });

  it('accepts ids above 255 once maxConnectedClusters is 511', () => {
    expect(
      checkMeshPlan({
        ...withCluster(1, { id: 400 }),
        maxConnectedClusters: 511,
      }),
    ).toEqual([]);
  });
});

import { Entity, KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { meshEntities, MeshInput } from './entities';

const byName = (entities: Entity[], name: string) =>
  entities.find(entity => entity.metadata.name === name);

describe('meshEntities', () => {
  it('maps a mesh and its clusters to Resources', () => {
    const entities = meshEntities(
      [
        {
          name: 'prod',
          title: 'Production',
          clusters: [
            {
              name: 'aks-weu',
              cilium: {
                clusterName: 'aks-weu',
                clusterId: 1,
                version: '1.18.2',
              },
            },
          ],
        },
      ],
      { owner: 'group:default/network' },
    );
    expect(entities).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'prod',
          namespace: 'default',
          title: 'Production',
          annotations: {
            'backstage.io/managed-by-location': 'cilium-clustermesh:prod',
            'backstage.io/managed-by-origin-location':
              'cilium-clustermesh:prod',
            'cilium.io/clustermesh': 'prod',
          },
        },
        spec: { type: 'cilium-clustermesh', owner: 'group:default/network' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'prod-aks-weu',
          namespace: 'default',
          title: 'aks-weu (prod)',
          annotations: {
            'backstage.io/managed-by-location': 'cilium-clustermesh:prod',
            'backstage.io/managed-by-origin-location':
              'cilium-clustermesh:prod',
            'cilium.io/clustermesh': 'prod',
            'cilium.io/cluster-name': 'aks-weu',
          },
          labels: {
            'cilium.io/cluster-name': 'aks-weu',
            'cilium.io/cluster-id': '1',
            'cilium.io/version': '1.18.2',
          },
        },
        spec: {
          type: 'kubernetes-cluster',
          owner: 'group:default/network',
          dependencyOf: ['resource:default/prod'],
        },
      },
    ]);
  });

  it('defaults the owner and omits a missing title', () => {
    const [mesh] = meshEntities([{ name: 'lab', clusters: [] }]);
    expect(mesh.spec?.owner).toBe('group:default/platform');
    expect(mesh.metadata).not.toHaveProperty('title');
  });

  it.each<
    [string, MeshInput['clusters'][number]['cilium'], object | undefined]
  >([
    ['no cilium summary', undefined, undefined],
    ['an unreadable cluster', {}, undefined],
    [
      'a build suffix in the version',
      { clusterName: 'a', clusterId: 7, version: '1.18.0+g1234' },
      { 'cilium.io/cluster-name': 'a', 'cilium.io/cluster-id': '7' },
    ],
    [
      'a name that is no label value',
      { clusterName: 'Bad Name!', clusterId: 255, version: 'v1.17.6' },
      { 'cilium.io/cluster-id': '255', 'cilium.io/version': 'v1.17.6' },
    ],
    ['a fractional id', { clusterId: 1.5 }, undefined],
    ['an empty version', { version: '' }, undefined],
  ])('keeps only valid labels for %s', (_case, cilium, labels) => {
    const [, cluster] = meshEntities([
      { name: 'm', clusters: [{ name: 'c', cilium }] },
    ]);
    expect(cluster.metadata.labels).toEqual(labels);
  });

  it.each([
    ['a valid name', 'prod', 'aks-1', 'prod-aks-1'],
    ['underscores and dots', 'eu_west.2', 'c1', 'eu_west.2-c1'],
    ['spaces', 'my mesh', 'c1', /^my-mesh-c1-[0-9a-f]{8}$/],
    ['a leading separator', '_x', 'c1', /^x-c1-[0-9a-f]{8}$/],
    ['nothing usable', '__', '-', /^[0-9a-f]{8}$/],
    [
      'a long name',
      'm'.repeat(40),
      'c'.repeat(40),
      /^m{40}-c{13}-[0-9a-f]{8}$/,
    ],
  ])('names a cluster with %s validly', (_case, mesh, cluster, expected) => {
    const entities = meshEntities([
      { name: mesh, clusters: [{ name: cluster }] },
    ]);
    const name = entities[1].metadata.name;
    expect(name).toMatch(expected);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    for (const entity of entities) {
      expect(
        KubernetesValidatorFunctions.isValidObjectName(entity.metadata.name),
      ).toBe(true);
    }
    expect(entities[1].spec?.dependencyOf).toEqual([
      `resource:default/${entities[0].metadata.name}`,
    ]);
  });

  it('keeps names unique when meshes and clusters would collide', () => {
    const entities = meshEntities([
      { name: 'a-b', clusters: [{ name: 'c' }] },
      { name: 'a', clusters: [{ name: 'b-c' }, { name: 'b' }] },
      { name: 'A-B-C', clusters: [] },
    ]);
    const names = entities.map(entity => entity.metadata.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    // Meshes keep their own names; the later cluster gets the hash.
    expect(byName(entities, 'a')).toBeDefined();
    expect(byName(entities, 'a-b')).toBeDefined();
    expect(byName(entities, 'A-B-C')).toBeDefined();
    expect(byName(entities, 'a-b')?.spec?.type).toBe('cilium-clustermesh');
    const ab = entities.find(
      entity =>
        entity.metadata.annotations?.['cilium.io/clustermesh'] === 'a' &&
        entity.metadata.annotations?.['cilium.io/cluster-name'] === 'b',
    );
    expect(ab?.metadata.name).toMatch(/^a-b-[0-9a-f]{8}$/);
  });

  it('is stable and independent of input order', () => {
    const meshes: MeshInput[] = [
      { name: 'x', clusters: [{ name: 'b' }, { name: 'a' }] },
      { name: 'y', clusters: [{ name: 'a' }] },
    ];
    const reversed = [...meshes]
      .reverse()
      .map(mesh => ({ ...mesh, clusters: [...mesh.clusters].reverse() }));
    expect(meshEntities(reversed)).toEqual(meshEntities(meshes));
    expect(meshEntities(meshes).map(entity => entity.metadata.name)).toEqual([
      'x',
      'y',
      'x-a',
      'x-b',
      'y-a',
    ]);
  });

  it('never gives a cluster kubernetes.io annotations', () => {
    const entities = meshEntities([
      {
        name: 'prod',
        clusters: [{ name: 'c1', cilium: { clusterName: 'c1', clusterId: 1 } }],
      },
    ]);
    for (const entity of entities) {
      expect(
        Object.keys(entity.metadata.annotations ?? {}).filter(key =>
          key.startsWith('kubernetes.io/'),
        ),
      ).toEqual([]);
    }
  });
});

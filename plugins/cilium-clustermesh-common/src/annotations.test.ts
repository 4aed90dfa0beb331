import { Entity } from '@backstage/catalog-model';
import {
  getClusterMeshClusterName,
  getClusterMeshEntityRole,
  getClusterMeshName,
  getGlobalServiceRef,
  isClusterMeshEntity,
  isGlobalServiceEntity,
} from './annotations';

function entity(
  annotations?: Record<string, string>,
  kind = 'Resource',
  type = 'kubernetes-cluster',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'aks-1', annotations },
    spec: { type },
  };
}

describe('clustermesh annotation', () => {
  it.each([
    [undefined, undefined],
    [{}, undefined],
    [{ 'cilium.io/clustermesh': '' }, undefined],
    [{ 'cilium.io/clustermesh': '   ' }, undefined],
    [{ 'backstage.io/kubernetes-id': 'x' }, undefined],
    [{ 'cilium.io/clustermesh': 'prod-mesh' }, 'prod-mesh'],
    [{ 'cilium.io/clustermesh': ' prod-mesh ' }, 'prod-mesh'],
  ])('annotations %j name mesh %j', (annotations, mesh) => {
    expect(getClusterMeshName(entity(annotations))).toBe(mesh);
    expect(isClusterMeshEntity(entity(annotations))).toBe(mesh !== undefined);
  });
});

describe('getClusterMeshEntityRole', () => {
  const inMesh = { 'cilium.io/clustermesh': 'prod-mesh' };
  it.each([
    [entity(inMesh, 'Resource', 'cilium-clustermesh'), 'mesh'],
    [entity(inMesh, 'resource', 'cilium-clustermesh'), 'mesh'],
    [entity(inMesh, 'Resource', 'kubernetes-cluster'), 'cluster'],
    [entity(inMesh, 'Component', 'service'), 'workload'],
    [entity(inMesh, 'Resource', 'database'), 'workload'],
    [entity({}, 'Resource', 'kubernetes-cluster'), undefined],
  ])('%j is a %s', (e, role) => {
    expect(getClusterMeshEntityRole(e)).toBe(role);
  });
});

describe('cluster-name annotation', () => {
  it.each([
    [{ 'cilium.io/cluster-name': 'cluster2' }, 'cluster2'],
    [{ 'cilium.io/cluster-name': ' cluster2 ' }, 'cluster2'],
    [{ 'cilium.io/cluster-name': '' }, undefined],
    [{}, undefined],
  ])('annotations %j name cluster %j', (annotations, cluster) => {
    expect(getClusterMeshClusterName(entity(annotations))).toBe(cluster);
  });
});

describe('getGlobalServiceRef', () => {
  const mesh = { 'cilium.io/clustermesh': 'lab-mesh' };
  it.each([
    [
      { ...mesh, 'cilium.io/global-service': 'meshtest/aks-helloworld-one' },
      { mesh: 'lab-mesh', namespace: 'meshtest', name: 'aks-helloworld-one' },
    ],
    [
      { ...mesh, 'cilium.io/global-service': ' shop/cart ' },
      { mesh: 'lab-mesh', namespace: 'shop', name: 'cart' },
    ],
    [mesh, undefined],
    [{ ...mesh, 'cilium.io/global-service': ' ' }, undefined],
  ])('annotations %j declare %j', (annotations, ref) => {
    expect(
      getGlobalServiceRef(entity(annotations, 'Component', 'service')),
    ).toEqual(ref);
  });

  it.each([
    [
      { ...mesh, 'cilium.io/global-service': 'cart' },
      /is not <namespace>\/<service>.*Fix: write it like/,
    ],
    [
      { ...mesh, 'cilium.io/global-service': 'shop/cart/x' },
      /is not <namespace>\/<service>/,
    ],
    [
      { ...mesh, 'cilium.io/global-service': 'Shop/cart' },
      /lowercase DNS labels/,
    ],
    [
      { 'cilium.io/global-service': 'shop/cart' },
      /needs cilium.io\/clustermesh beside it\. Fix: add cilium.io\/clustermesh/,
    ],
  ])('annotations %j are refused', (annotations, message) => {
    expect(() =>
      getGlobalServiceRef(entity(annotations, 'Component', 'service')),
    ).toThrow(message);
  });

  it('tells which entities declare a global service', () => {
    expect(
      isGlobalServiceEntity(
        entity({ ...mesh, 'cilium.io/global-service': 'a/b' }, 'Component'),
      ),
    ).toBe(true);
    expect(
      isGlobalServiceEntity(
        entity(
          { ...mesh, 'cilium.io/global-service': 'malformed' },
          'Component',
        ),
      ),
    ).toBe(true);
    expect(isGlobalServiceEntity(entity(mesh, 'Component'))).toBe(false);
    expect(
      isGlobalServiceEntity(
        entity({ 'cilium.io/global-service': 'a/b' }, 'Component'),
      ),
    ).toBe(false);
  });
});

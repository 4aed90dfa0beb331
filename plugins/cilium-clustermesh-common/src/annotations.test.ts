import { Entity } from '@backstage/catalog-model';
import {
  getClusterMeshEntityRole,
  getClusterMeshName,
  isClusterMeshEntity,
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

import { Entity } from '@backstage/catalog-model';

export const meshEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'lab-mesh',
    annotations: { 'cilium.io/clustermesh': 'lab-mesh' },
  },
  spec: { type: 'cilium-clustermesh', owner: 'group:platform' },
};

export const clusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'lab-mesh-cluster3',
    annotations: {
      'cilium.io/clustermesh': 'lab-mesh',
      'cilium.io/cluster-name': 'cluster3',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:platform' },
};

export const serviceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'aks-helloworld-one',
    annotations: {
      'cilium.io/clustermesh': 'lab-mesh',
      'cilium.io/global-service': 'meshtest/aks-helloworld-one',
    },
  },
  spec: { type: 'service', owner: 'group:platform', lifecycle: 'production' },
};

export const unrelatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing' },
  spec: { type: 'service', owner: 'group:payments', lifecycle: 'production' },
};

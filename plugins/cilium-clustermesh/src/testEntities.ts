import { Entity } from '@backstage/catalog-model';

export const meshEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'prod-mesh',
    annotations: { 'cilium.io/clustermesh': 'prod-mesh' },
  },
  spec: { type: 'cilium-clustermesh', owner: 'group:platform' },
};

export const clusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'aks-westeurope-1',
    annotations: { 'cilium.io/clustermesh': 'prod-mesh' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:platform' },
};

export const unrelatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing' },
  spec: { type: 'service', owner: 'group:payments', lifecycle: 'production' },
};

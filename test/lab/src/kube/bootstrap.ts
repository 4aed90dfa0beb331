import { ManagedClusterSpec } from '../clusters';
import { ClusterObjects } from './clusterObjects';
import { aksNodes } from './nodes';
import { KubeApiError } from './status';
import { KubeObject } from './types';

const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * What kube-controller-manager puts in every namespace: the `default`
 * ServiceAccount and the `kube-root-ca.crt` ConfigMap with the cluster CA.
 */
export function startNamespaceController(
  objects: ClusterObjects,
  caPem: string,
): () => void {
  return objects.onChange(
    { apiVersion: 'v1', kind: 'Namespace' },
    ({ type, object }) => {
      if (type !== 'ADDED') return;
      const namespace = object.metadata.name;
      const defaults: KubeObject[] = [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace },
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kube-root-ca.crt', namespace },
          data: { 'ca.crt': caPem },
        },
      ];
      for (const defaultObject of defaults) {
        try {
          objects.create(defaultObject);
        } catch (error) {
          if (!(error instanceof KubeApiError && error.code === 409)) {
            throw error;
          }
        }
      }
    },
  );
}

/** A fresh AKS cluster as its API server first answers: system namespaces, core Services, NotReady nodes. */
export function populateCluster(
  objects: ClusterObjects,
  spec: ManagedClusterSpec,
  apiServer: { host: string; port: number },
): void {
  for (const name of SYSTEM_NAMESPACES) {
    objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  objects.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
    },
  });
  objects.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: {
        'kubernetes.io/service-name': 'kubernetes',
        'endpointslice.kubernetes.io/managed-by':
          'endpointslicemirroring-controller.k8s.io',
      },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [apiServer.host], conditions: { ready: true } }],
    ports: [{ name: 'https', port: apiServer.port, protocol: 'TCP' }],
  });
  objects.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: spec.networkProfile.dnsServiceIP ?? '10.0.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  });
  for (const node of aksNodes(spec)) objects.create(node);
}

import type {
  V1Container,
  V1Deployment,
  V1Service,
} from '@kubernetes/client-node';

/**
 * An app behind a global Service, as a team deploys it in each cluster: a
 * one-replica Deployment and a Service carrying the ClusterMesh annotations.
 */
export function globalServiceWorkload(options: {
  name: string;
  namespace: string;
  container: V1Container;
  /** `service.cilium.io/*` and any other Service annotations. */
  annotations: Record<string, string>;
}): { deployment: V1Deployment; service: V1Service } {
  const { name, namespace, container, annotations } = options;
  const labels = { app: name };
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, annotations },
      spec: { type: 'ClusterIP', ports: [{ port: 80 }], selector: labels },
    },
  };
}

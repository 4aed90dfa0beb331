import type { ProblemCode } from '@meshportal/plugin-cilium-clustermesh-common';

const CILIUM = 'https://docs.cilium.io/en/stable';
const SETUP = `${CILIUM}/network/clustermesh/clustermesh/`;
const SERVICES = `${CILIUM}/network/clustermesh/services/`;
const TROUBLESHOOTING = `${CILIUM}/operations/troubleshooting/#troubleshooting-clustermesh`;

/**
 * Where each problem is explained upstream. A `Record` over the union, so a
 * new problem code does not compile until it has a page.
 */
export const PROBLEM_DOCS: Record<ProblemCode, string> = {
  'cluster-unreachable':
    'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/troubleshoot-cluster-connection-issues-api-server',
  'cilium-not-installed': 'https://learn.microsoft.com/azure/aks/use-byo-cni',
  'cluster-name-mismatch': `${SETUP}#prerequisites`,
  'duplicate-cluster-name': `${SETUP}#prerequisites`,
  'duplicate-cluster-id': `${SETUP}#prerequisites`,
  'invalid-cluster-id': `${SETUP}#prerequisites`,
  'overlapping-pod-cidrs': `${SETUP}#prerequisites`,
  'max-connected-clusters-mismatch': `${SETUP}#prerequisites`,
  'ca-mismatch': `${SETUP}#shared-certificate-authority`,
  'one-sided-peer': `${SETUP}#connect-clusters`,
  'peer-not-configured': `${SETUP}#connect-clusters`,
  'connection-down': TROUBLESHOOTING,
  'connection-degraded': TROUBLESHOOTING,
  'apiserver-no-address': `${SETUP}#enable-cluster-mesh`,
  'apiserver-not-ready': TROUBLESHOOTING,
  'version-skew': `${CILIUM}/operations/upgrade/`,
  'agent-metrics-disabled': `${CILIUM}/observability/metrics/`,
  'agents-not-ready': `${CILIUM}/operations/troubleshooting/`,
  'namespace-not-global': SERVICES,
  'global-service-single-cluster': SERVICES,
  'global-service-not-shared': SERVICES,
  'invalid-affinity': SERVICES,
  'certificate-expiring': `${CILIUM}/helm-reference/`,
  'data-stale': TROUBLESHOOTING,
};

export function problemDocsUrl(code: ProblemCode): string {
  return PROBLEM_DOCS[code];
}

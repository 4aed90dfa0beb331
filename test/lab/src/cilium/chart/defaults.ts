import { Values } from '../../helm/values';
import { ciliumMinor } from '../settings';

/**
 * The chart's own values.yaml, reduced to the keys the lab renders or
 * validates. Values are the chart's, per version: a key absent here is
 * absent (or irrelevant) in that chart too, which matters because templates
 * test presence (`hasKey`) as well as truth.
 */
export function chartDefaults(chartVersion: string): Values {
  const minor = ciliumMinor(chartVersion);
  const tag = `v${chartVersion}`;
  const since19 = minor >= 19;
  const since20 = minor >= 20;
  const controlPlaneTolerations = [
    { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
    { key: 'node-role.kubernetes.io/master', operator: 'Exists' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    {
      key: 'node.cloudprovider.kubernetes.io/uninitialized',
      operator: 'Exists',
    },
  ];
  return {
    agent: true,
    name: 'cilium',
    ...(since19 ? { namespaceOverride: '', commonLabels: {} } : {}),
    upgradeCompatibility: null,
    debug: { enabled: false },
    cluster: { name: 'default', id: 0 },
    k8sServiceHost: '',
    k8sServicePort: '',
    ...(since19 ? { k8sServiceHostRef: { name: null, key: null } } : {}),
    ...(since19 ? { kubeProxyReplacement: 'false' } : {}),
    routingMode: '',
    tunnelProtocol: '',
    identityAllocationMode: 'crd',
    disableEndpointCRD: false,
    policyEnforcementMode: 'default',
    l7Proxy: true,
    healthPort: 9879,
    healthChecking: true,
    endpointHealthChecking: { enabled: true },
    enableIPv4Masquerade: since19 ? null : true,
    enableIPv6Masquerade: true,
    ...(since20 ? { nativeRoutingCIDRFromClusterPool: false } : {}),
    ipv4: { enabled: true },
    ipv6: { enabled: false },
    ipMasqAgent: { enabled: false },
    aksbyocni: { enabled: false },
    azure: { enabled: false },
    eni: { enabled: false },
    gke: { enabled: false },
    alibabacloud: { enabled: false },
    nodeinit: { enabled: false },
    ...(since19 ? {} : { externalWorkloads: { enabled: false } }),
    preflight: { enabled: false },
    ipam: {
      mode: 'cluster-pool',
      operator: {
        clusterPoolIPv4PodCIDRList: ['10.0.0.0/8'],
        clusterPoolIPv4MaskSize: 24,
        clusterPoolIPv6PodCIDRList: ['fd00::/104'],
        clusterPoolIPv6MaskSize: 120,
      },
    },
    prometheus: { enabled: false, port: 9962 },
    hubble: {
      enabled: true,
      peerService: { targetPort: 4244 },
      metrics: { enabled: null, port: 9965 },
      tls: {
        enabled: true,
        auto: { enabled: true, method: 'helm', certValidityDuration: 365 },
      },
      relay: { enabled: false, tls: { server: { enabled: false } } },
      ui: { enabled: false, standalone: { enabled: false } },
    },
    image: { override: null, repository: 'quay.io/cilium/cilium', tag },
    tolerations: [{ operator: 'Exists' }],
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 2 },
    },
    operator: {
      enabled: true,
      replicas: 2,
      hostNetwork: true,
      image: {
        override: null,
        repository: 'quay.io/cilium/operator',
        tag,
        suffix: '',
      },
      prometheus: { enabled: true, port: 9963 },
      tolerations: since19 ? controlPlaneTolerations : [{ operator: 'Exists' }],
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '50%' },
      },
    },
    tls: {
      ca: { cert: '', key: '', certValidityDuration: 1095 },
      caBundle: {
        enabled: false,
        name: 'cilium-root-ca.crt',
        key: 'ca.crt',
        useSecret: false,
      },
    },
    clustermesh: clustermeshDefaults(minor, tag),
  };
}

function clustermeshDefaults(minor: number, tag: string): Values {
  const since19 = minor >= 19;
  const since20 = minor >= 20;
  const legacyTls = {
    server: { cert: '', key: '', extraDnsNames: [], extraIpAddresses: [] },
    admin: { cert: '', key: '' },
    remote: { cert: '', key: '' },
  };
  return {
    useAPIServer: false,
    maxConnectedClusters: 255,
    annotations: {},
    enableEndpointSliceSynchronization: false,
    ...(since20 ? {} : { enableMCSAPISupport: false }),
    ...(since19
      ? {
          mcsapi: { enabled: false, installCRDs: true },
          cacheTTL: '0s',
          policyDefaultLocalCluster: true,
        }
      : {}),
    ...(since20 ? { defaultGlobalNamespace: true } : {}),
    config: { enabled: false, domain: 'mesh.cilium.io', clusters: [] },
    apiserver: {
      replicas: 1,
      healthPort: 9880,
      ...(since20 ? { etcdQPS: 50 } : {}),
      image: {
        override: null,
        repository: 'quay.io/cilium/clustermesh-apiserver',
        tag,
      },
      kvstoremesh: {
        enabled: true,
        healthPort: 9881,
        ...(since19 ? { kvstoreMode: 'internal' } : {}),
        ...(since20 ? { etcdQPS: 100 } : {}),
      },
      service: {
        type: 'NodePort',
        nodePort: 32379,
        annotations: {},
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        enableSessionAffinity: 'HAOnly',
        loadBalancerClass: null,
        loadBalancerIP: null,
        ...(since19
          ? {
              labels: {},
              loadBalancerSourceRanges: [],
              externallyCreated: false,
            }
          : {}),
      },
      tls: {
        authMode: since19 ? 'migration' : 'legacy',
        auto: {
          enabled: true,
          method: 'helm',
          certValidityDuration: since20 ? 365 : 1095,
          ...(since20
            ? { server: { extraDnsNames: [], extraIpAddresses: [] } }
            : {}),
        },
        ...(since20 ? {} : legacyTls),
      },
      metrics: {
        enabled: true,
        port: 9962,
        kvstoremesh: { enabled: true, port: 9964 },
        etcd: { enabled: true, mode: 'basic', port: 9963 },
      },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      tolerations: [],
    },
  };
}

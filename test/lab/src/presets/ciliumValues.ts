import { ciliumMinor } from '../cilium/settings';
import { KeyPairPem } from '../pki/certificates';

export interface CiliumInstall {
  chartVersion: string;
  clusterName: string;
  clusterId: number;
  podCidr: string;
  /** The AKS API server FQDN: with kube-proxy off, agents must reach it directly. */
  apiServerHost: string;
  resourceGroup: string;
  ca: KeyPairPem;
  maxConnectedClusters?: 255 | 511;
  /** Pin the internal load balancer address (`azure-load-balancer-ipv4`). */
  loadBalancerIp?: string;
}

export interface MeshPeer {
  name: string;
  ips: string[];
  port: number;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * The seed's install values (hubble, aksbyocni, nodeinit, kube-proxy
 * replacement, pod CIDR, cluster name/id, resource group) plus what meshing
 * needs: one shared CA, agent metrics, and the clustermesh-apiserver behind
 * an internal Azure load balancer.
 */
export function installValues(install: CiliumInstall) {
  return {
    hubble: { relay: { enabled: true }, ui: { enabled: true } },
    aksbyocni: { enabled: true },
    nodeinit: { enabled: true },
    k8sServiceHost: install.apiServerHost,
    kubeProxyReplacement: 'true',
    k8sServicePort: '443',
    ipam: { operator: { clusterPoolIPv4PodCIDRList: [install.podCidr] } },
    cluster: { id: install.clusterId, name: install.clusterName },
    azure: { resourceGroup: install.resourceGroup },
    tls: {
      ca: { cert: base64(install.ca.certPem), key: base64(install.ca.keyPem) },
    },
    prometheus: { enabled: true },
    clustermesh: {
      useAPIServer: true,
      ...(install.maxConnectedClusters === 511
        ? { maxConnectedClusters: 511 }
        : {}),
      apiserver: {
        service: {
          type: 'LoadBalancer',
          annotations: {
            'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
            ...(install.loadBalancerIp
              ? {
                  'service.beta.kubernetes.io/azure-load-balancer-ipv4':
                    install.loadBalancerIp,
                }
              : {}),
          },
        },
      },
    },
  };
}

/** `clustermesh.config` as cilium-cli writes it: a map from chart 1.20 on, a list before. */
export function meshConfigValues(chartVersion: string, peers: MeshPeer[]) {
  const clusters =
    ciliumMinor(chartVersion) >= 20
      ? Object.fromEntries(
          peers.map(({ name, ips, port }) => [name, { ips, port }]),
        )
      : peers.map(({ name, ips, port }) => ({ name, ips, port }));
  return { clustermesh: { config: { enabled: true, clusters } } };
}

import { isAtLeast } from '../status/ciliumVersion';
import { compareText } from '../status/meshIndex';
import { CiliumOptions, PlannedCluster } from './types';

/** A JSON value as Helm reads it from a values file. */
export type HelmValue =
  | string
  | number
  | boolean
  | null
  | HelmValue[]
  | { [key: string]: HelmValue };

export type HelmValues = { [key: string]: HelmValue };

/** What dry-run plans show instead of the mesh CA. */
export const REDACTED_CA = '(mesh CA, not shown)';
/** What dry-run plans show instead of any other private key under `tls`. */
export const REDACTED_KEY = '(private key, not shown)';

export const AZURE_INTERNAL_LB_ANNOTATION =
  'service.beta.kubernetes.io/azure-load-balancer-internal';

/** The port peers dial on the clustermesh-apiserver Service (the chart's). */
export const CLUSTERMESH_APISERVER_PORT = 2379;

export interface CiliumInstallInput {
  options: CiliumOptions;
  cluster: Pick<
    PlannedCluster,
    'ciliumName' | 'clusterId' | 'podCidr' | 'resourceGroup'
  >;
  /** The AKS API server FQDN: with kube-proxy off, agents reach it directly. */
  apiServerHost: string;
  /** The mesh CA every cluster shares. Secret: never log the values. */
  ca: { certPem: string; keyPem: string };
}

/** Base64 of UTF-8 text without Node's Buffer: this package also runs in browsers. */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

function routingValues(options: CiliumOptions): HelmValues {
  if (options.routingMode === 'native') {
    // checkProvisioningPlan refuses native routing with aksbyocni; this
    // stays faithful to the options so a bypassed check fails in Helm, not
    // silently. autoDirectNodeRoutes stays off: Azure VNets are routed, not
    // one L2 segment, so node routes to other clusters would not work.
    return {
      routingMode: 'native',
      ...(options.nativeRoutingCidr
        ? { ipv4NativeRoutingCIDR: options.nativeRoutingCidr }
        : {}),
    };
  }
  return { routingMode: 'tunnel', tunnelProtocol: options.tunnelProtocol };
}

/**
 * Helm values for installing Cilium on one AKS BYOCNI cluster of the mesh:
 * the seed's values (hubble, aksbyocni, nodeinit, kube-proxy replacement
 * against the API server FQDN, the cluster's pod range, name and id) plus
 * what meshing needs: one shared CA, agent metrics for the status view,
 * the routing and encryption options, and the clustermesh-apiserver behind
 * an internal Azure load balancer (never a public one). The same keys
 * validate against charts 1.16 to 1.20; only the peer list differs (see
 * clustermeshPeerValues). Holds the CA key: pass it to Helm through a 0600
 * file and show only `redactedValues(...)`.
 */
export function ciliumInstallValues(input: CiliumInstallInput): HelmValues {
  const { options, cluster } = input;
  return {
    hubble: {
      relay: { enabled: options.hubble },
      ui: { enabled: options.hubble },
    },
    aksbyocni: { enabled: true },
    nodeinit: { enabled: true },
    kubeProxyReplacement: 'true',
    k8sServiceHost: input.apiServerHost,
    k8sServicePort: '443',
    ipam: { operator: { clusterPoolIPv4PodCIDRList: [cluster.podCidr] } },
    cluster: { name: cluster.ciliumName, id: cluster.clusterId },
    // Not in the chart's schema; cilium-cli's own AKS detection reads it.
    azure: { resourceGroup: cluster.resourceGroup },
    ...routingValues(options),
    encryption:
      options.encryption === 'wireguard'
        ? { enabled: true, type: 'wireguard' }
        : { enabled: false },
    tls: {
      ca: { cert: base64(input.ca.certPem), key: base64(input.ca.keyPem) },
    },
    prometheus: { enabled: true },
    clustermesh: {
      useAPIServer: true,
      // 255 is the chart default; the key is set only when it differs.
      ...(options.maxConnectedClusters === 511
        ? { maxConnectedClusters: 511 }
        : {}),
      apiserver: {
        service: {
          type: 'LoadBalancer',
          annotations: { [AZURE_INTERNAL_LB_ANNOTATION]: 'true' },
        },
      },
    },
  };
}

export interface MeshPeer {
  /** The peer's Cilium cluster.name. */
  name: string;
  /** The peer's clustermesh-apiserver load balancer addresses. */
  ips: string[];
  port: number;
}

/**
 * `clustermesh.config` naming the peers one cluster connects to: a map
 * `{name: {ips, port}}` from chart 1.19 on (the schema accepts it there and
 * Helm merges maps across upgrades), a list `[{name, ips, port}]` before.
 * Sorted by name; a repeated name keeps its last entry, as 1.19+ charts do.
 * The caller leaves the cluster itself out: agents would ignore their own
 * entry, but it would show up as a peer in the rendered configuration.
 */
export function clustermeshPeerValues(
  chartVersion: string,
  peers: MeshPeer[],
): HelmValues {
  const byName = new Map<string, MeshPeer>();
  for (const peer of peers) {
    byName.set(peer.name, peer);
  }
  const sorted = [...byName.values()].sort((a, b) =>
    compareText(a.name, b.name),
  );
  const clusters: HelmValue = isAtLeast(chartVersion, 1, 19)
    ? Object.fromEntries(
        sorted.map(({ name, ips, port }) => [name, { ips: [...ips], port }]),
      )
    : sorted.map(({ name, ips, port }) => ({ name, ips: [...ips], port }));
  return {
    clustermesh: { useAPIServer: true, config: { enabled: true, clusters } },
  };
}

function redact(value: HelmValue, path: string[]): HelmValue {
  if (Array.isArray(value)) {
    return value.map(item => redact(item, path));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const underTls = path.includes('tls');
  const copy: { [key: string]: HelmValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const secret =
      typeof item === 'string' &&
      item !== '' &&
      underTls &&
      (key === 'key' || (key === 'cert' && path[path.length - 1] === 'ca'));
    if (secret) {
      copy[key] = path[path.length - 1] === 'ca' ? REDACTED_CA : REDACTED_KEY;
    } else {
      copy[key] = redact(item, [...path, key]);
    }
  }
  return copy;
}

/**
 * A deep copy fit for dry-run plans and logs: the CA (`tls.ca.key` and
 * `tls.ca.cert`) and any other private key under a `tls` section are
 * replaced by a marker.
 */
export function redactedValues(values: HelmValues): HelmValues {
  return redact(values, []) as HelmValues;
}

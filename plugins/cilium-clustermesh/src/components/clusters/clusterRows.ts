import type {
  CiliumSummary,
  ClusterStatus,
  Health,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { HEALTH_ORDER } from '../shared/states';
import { readyOfTotal } from '../shared/format';

/** Shown where a value could not be read. */
export const NOT_KNOWN = '—';

/** One table row: every cell as text, so the table can search and sort it. */
export interface ClusterRow {
  name: string;
  /** Cilium's own cluster name, only when it differs from `name`. */
  ciliumName?: string;
  health: Health;
  /** Why the cluster could not be read, or that Cilium is missing. */
  problem?: string;
  clusterId: string;
  version: string;
  agents: string;
  routing: string;
  kubeProxyReplacement: string;
  encryption: string;
  podCidrs: string;
  apiserverAddress: string;
  apiserverState: string;
  /** For sorting: fewer ready agents first. */
  agentsReadyShare: number;
  clusterIdNumber: number;
}

const ENCRYPTION_TEXT: Record<CiliumSummary['encryption'], string> = {
  disabled: 'Off',
  wireguard: 'WireGuard',
  ipsec: 'IPsec',
};

function routingText(cilium: CiliumSummary): string {
  if (!cilium.routingMode) return 'Not set';
  if (cilium.routingMode === 'tunnel' && cilium.tunnelProtocol) {
    return `tunnel (${cilium.tunnelProtocol})`;
  }
  return cilium.routingMode;
}

function kubeProxyReplacementText(value: string | undefined): string {
  if (value === undefined) return 'Not set';
  if (value === 'true') return 'On';
  if (value === 'false') return 'Off';
  return value;
}

function apiserverText(
  cilium: CiliumSummary,
): Pick<ClusterRow, 'apiserverAddress' | 'apiserverState'> {
  const server = cilium.clustermeshApiserver;
  if (!server) {
    return { apiserverAddress: 'Not deployed', apiserverState: '' };
  }
  const port = server.port ?? 2379;
  return {
    apiserverAddress:
      server.addresses.length > 0
        ? server.addresses.map(address => `${address}:${port}`).join(', ')
        : 'No address yet',
    apiserverState: `${readyOfTotal(
      server.ready,
      server.desired,
    )} ready, KVStoreMesh ${server.kvstoremesh ? 'on' : 'off'}`,
  };
}

function ciliumCells(cilium: CiliumSummary | undefined) {
  if (!cilium) {
    return {
      clusterId: NOT_KNOWN,
      version: NOT_KNOWN,
      agents: NOT_KNOWN,
      routing: NOT_KNOWN,
      kubeProxyReplacement: NOT_KNOWN,
      encryption: NOT_KNOWN,
      podCidrs: NOT_KNOWN,
      apiserverAddress: NOT_KNOWN,
      apiserverState: '',
      agentsReadyShare: -1,
      clusterIdNumber: Number.MAX_SAFE_INTEGER,
    };
  }
  const { agents } = cilium;
  return {
    clusterId:
      cilium.clusterId === undefined ? 'Not set' : String(cilium.clusterId),
    version: cilium.version ?? 'Unknown',
    agents: `${readyOfTotal(agents.ready, agents.desired)} ready`,
    routing: routingText(cilium),
    kubeProxyReplacement: kubeProxyReplacementText(cilium.kubeProxyReplacement),
    encryption: ENCRYPTION_TEXT[cilium.encryption] ?? cilium.encryption,
    podCidrs: cilium.podCidrs.length > 0 ? cilium.podCidrs.join(', ') : 'None',
    ...apiserverText(cilium),
    agentsReadyShare: agents.desired > 0 ? agents.ready / agents.desired : 0,
    clusterIdNumber: cilium.clusterId ?? Number.MAX_SAFE_INTEGER,
  };
}

function problemText(cluster: ClusterStatus): string | undefined {
  if (cluster.error) return cluster.error.message;
  if (!cluster.cilium) return 'Cilium is not installed (no cilium-config)';
  return undefined;
}

export function toClusterRow(cluster: ClusterStatus): ClusterRow {
  const ciliumName = cluster.cilium?.clusterName;
  return {
    name: cluster.name,
    ...(ciliumName !== undefined &&
      ciliumName !== cluster.name && { ciliumName }),
    health: cluster.health,
    problem: problemText(cluster),
    ...ciliumCells(cluster.cilium),
  };
}

/** Whether the row is the cluster a cluster's entity page is about. */
export function isFocusRow(
  row: ClusterRow,
  focus: string | undefined,
): boolean {
  return (
    focus !== undefined && (row.name === focus || row.ciliumName === focus)
  );
}

export function compareHealth(a: ClusterRow, b: ClusterRow): number {
  return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health];
}

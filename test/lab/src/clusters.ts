/**
 * The seam between the lab's Azure side (ARM) and its Kubernetes side: when
 * ARM finishes creating a managed cluster it asks a ClusterFactory for a
 * running API server, and hands out that server's kubeconfigs as credentials.
 */

/** What ARM knows about a managed cluster when it creates its API server. */
export interface ManagedClusterSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string;
  /** FQDN ARM reports (`properties.fqdn`); data only, nothing resolves it. */
  fqdn: string;
  /**
   * The node subnet of a bring-your-own VNet (the first pool's), e.g.
   * `172.21.10.0/24`; undefined for AKS's managed VNet (10.224.0.0/16).
   */
  nodeSubnetPrefix?: string;
  /** Nodes to create: one entry per agent pool. */
  agentPools: { name: string; count: number; vmSize: string; mode: string }[];
  networkProfile: {
    networkPlugin?: string;
    podCidr?: string;
    serviceCidr?: string;
    dnsServiceIP?: string;
    /** undefined when the api-version used does not carry kubeProxyConfig. */
    kubeProxyEnabled?: boolean;
  };
}

/** A running lab cluster API server. */
export interface LabCluster {
  readonly name: string;
  /** https://127.x.y.z:port */
  readonly apiServerUrl: string;
  /** PEM of the cluster CA that signs the API server certificate. */
  readonly caPem: string;
  /** kubeconfig YAML for the cluster admin (client certificate, group system:masters). */
  adminKubeconfig(): string;
  /** kubeconfig YAML for a read-only identity (bearer token): list/get/watch only, no secrets, no pods/exec. */
  readOnlyKubeconfig(): string;
  stop(): Promise<void>;
}

export interface ClusterFactory {
  create(spec: ManagedClusterSpec): Promise<LabCluster>;
}

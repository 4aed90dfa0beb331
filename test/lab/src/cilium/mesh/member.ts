import { CiliumSettings } from '../settings';

/** What the rest of the mesh can learn about one cluster's Cilium at a point in time. */
export interface MeshMember {
  /** The lab cluster (AKS) name: what network faults refer to. */
  name: string;
  settings: CiliumSettings;
  /** clustermesh-apiserver pods are ready: its etcd serves and the cluster config is published. */
  apiserverReady: boolean;
  /** PEM bundle this cluster's clients and etcd trust (`cilium-ca`, plus `tls.caBundle`). */
  trustedCaBundle?: string;
  /** `clustermesh-apiserver-server-cert` tls.crt. */
  serverCertPem?: string;
  /** `clustermesh-apiserver-remote-cert` tls.crt: the client certificate used towards peers. */
  remoteCertPem?: string;
  /** Users in `clustermesh-remote-users` (`remote-<peer>`). */
  remoteUsers: string[];
  /** A stable id of this cluster's etcd, shown in status lines. */
  etcdClusterId: string;
  content: MeshContent;
}

/** What a cluster's clustermesh-apiserver exports to its peers. */
export interface MeshContent {
  nodes: number;
  endpoints: number;
  identities: number;
  sharedServices: number;
}

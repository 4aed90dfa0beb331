import type { PlannedCluster } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ClusterAccess,
  getClusterAccess,
} from '@meshportal/plugin-cilium-clustermesh-node';
import type { MeshToolkit } from './toolkit';

/**
 * Admin access to the plan's clusters for one action run, fetched from ARM
 * once per cluster and held in memory only; it ends with the run, so a
 * kubeconfig or token never outlives the step that needed it.
 */
export class ClusterAccessCache {
  private readonly accesses = new Map<string, Promise<ClusterAccess>>();

  constructor(
    private readonly toolkit: MeshToolkit,
    private readonly signal?: AbortSignal,
  ) {}

  get(
    cluster: Pick<PlannedCluster, 'resourceGroup' | 'aksName'>,
  ): Promise<ClusterAccess> {
    const key = `${cluster.resourceGroup}/${cluster.aksName}`.toLowerCase();
    let access = this.accesses.get(key);
    if (!access) {
      access = getClusterAccess(
        this.toolkit.azure(),
        cluster.resourceGroup,
        cluster.aksName,
        { signal: this.signal },
      );
      // A failed fetch (cluster busy, throttled) is retried on the next use.
      access.catch(() => this.accesses.delete(key));
      this.accesses.set(key, access);
    }
    return access;
  }
}

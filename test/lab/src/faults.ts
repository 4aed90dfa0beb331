import type { Lab } from './lab';
import {
  replaceCiliumCa,
  shortenServerCertificate,
} from './cilium/mesh/certificateFaults';

/** Helm stores releases in Secrets with this prefix; failing their writes fails the helm call. */
const HELM_RELEASE_PREFIX = 'sh.helm.release.v1.';

/**
 * The ways meshes break in practice, switchable while the lab runs. Every
 * fault acts where the real one would — the network, a pod, a Secret, the
 * API server, ARM — so what plugins observe is what they would see in Azure.
 */
export class LabFaults {
  constructor(private readonly lab: Lab) {}

  /** Drops traffic from one cluster's Cilium to another's clustermesh-apiserver (and back with bothWays). */
  partition(from: string, to: string, bothWays = false): void {
    this.requireClusters(from, to);
    this.lab.mesh.partition(from, to, bothWays);
  }

  /** Lifts partitions; with no arguments, all of them. */
  heal(from?: string, to?: string): void {
    this.lab.mesh.heal(from, to);
  }

  async setApiServerReachable(
    cluster: string,
    reachable: boolean,
  ): Promise<void> {
    await this.lab.cluster(cluster).setReachable(reachable);
  }

  setApiServerLatency(cluster: string, milliseconds: number): void {
    this.lab.cluster(cluster).setLatency(milliseconds);
  }

  /** The clustermesh-apiserver pods crash: not ready, nothing listens on 2379. */
  setClusterMeshApiserverDown(cluster: string, down: boolean): void {
    this.lab.mesh.cluster(cluster).setApiserverDown(down);
  }

  /** Azure never finishes the load balancer: Services of type LoadBalancer keep a pending address. */
  setLoadBalancerPending(cluster: string, pending: boolean): void {
    this.lab.cluster(cluster).controllers.setLoadBalancerPending(pending);
  }

  /** Someone recreated `cilium-ca` on one cluster (and its certificates with it). */
  async replaceCiliumCa(cluster: string): Promise<void> {
    await replaceCiliumCa(this.lab.mesh.cluster(cluster));
  }

  /** Re-issues the clustermesh-apiserver server certificate valid for only `validForMs` (negative: already expired). */
  async shortenServerCertificate(
    cluster: string,
    validForMs: number,
  ): Promise<void> {
    await shortenServerCertificate(this.lab.mesh.cluster(cluster), validForMs);
  }

  /** Cilium agents stop being ready on these nodes (all nodes when omitted). */
  setAgentsReady(cluster: string, ready: boolean, nodeNames?: string[]): void {
    this.lab.mesh.cluster(cluster).setAgentsReady(ready, nodeNames);
  }

  /** The next `count` helm installs/upgrades against the cluster fail storing their release. */
  failHelm(cluster: string, count = 1): void {
    this.lab.cluster(cluster).failNextRequests(
      {
        verb: 'create',
        resource: 'secrets',
        namePrefix: HELM_RELEASE_PREFIX,
      },
      count,
    );
  }

  /** The next `count` ARM long-running operations (on `resourceName` only, when given) end Failed. */
  failArmOperations(
    count = 1,
    error = {
      code: 'InternalOperationError',
      message: 'The operation failed due to an internal error. Please retry.',
    },
    resourceName?: string,
  ): void {
    this.lab.arm.failNextOperations(count, error, resourceName);
  }

  throttleArm(count = 1, retryAfterSeconds = 1): void {
    this.lab.arm.throttleNextRequests(count, retryAfterSeconds);
  }

  private requireClusters(...names: string[]): void {
    for (const name of names) this.lab.mesh.cluster(name);
  }
}

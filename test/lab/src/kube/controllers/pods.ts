import { ClusterObjects } from '../clusterObjects';
import { deepEqual, kubeTimestamp } from '../json';
import { KubeObject } from '../types';
import { ClusterState } from './clusterState';
import { keepTimestamps } from './conditions';
import { kubeletStatus, PodProgress } from './kubelet';
import { choosePlacement } from './scheduling';
import { Node, Pod } from './shapes';

/**
 * The CNI as the kubelets see it. `allocate` gives a pod bound to `node` its
 * address, or returns undefined while it cannot (no agent on the node yet):
 * the pod then waits in ContainerCreating and is asked about again on
 * `ClusterControllers.refresh()` or when its node changes. Host-network pods
 * never come here. Both get copies, so they may keep or change them.
 */
/** The CNI. It is handed the controllers' own objects (no copies, for speed): it must not change them. */
export interface PodNetwork {
  allocate(
    pod: Readonly<KubeObject>,
    node: Readonly<KubeObject>,
  ): string | undefined;
  /** The pod that had `ip` is gone. */
  release(ip: string, pod: Readonly<KubeObject>): void;
}

/**
 * Whether a running pod's readiness probes pass; undefined for the usual
 * answer (yes). Gets the controllers' own object: it must not change it.
 */
export type PodReadiness = (pod: Readonly<KubeObject>) => boolean | undefined;

interface Allocation {
  ip: string;
  network: PodNetwork;
}

export function internalIpOf(node: Node): string | undefined {
  return node.status?.addresses?.find(address => address.type === 'InternalIP')
    ?.address;
}

/**
 * What kube-scheduler and the kubelets do for each pod: bind pods without a
 * node to one that takes them, or say why none does; then, on the node,
 * get the pod an address (the node's own for host-network pods, the
 * PodNetwork's for the rest) and report it running and ready.
 */
export class PodController {
  network?: PodNetwork;
  readiness?: PodReadiness;
  /** Addresses this controller got from a network, by pod uid, to give back when the pod goes. */
  private readonly allocations = new Map<string, Allocation>();
  private sortedNodes?: Node[];

  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
  ) {}

  /** Nodes changed: the sorted node list is rebuilt on next use. */
  nodesChanged(): void {
    this.sortedNodes = undefined;
  }

  reconcile(key: string): void {
    const pod = this.state.pods.get(key);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) {
      this.schedule(pod);
      return;
    }
    // A pod bound to a node that does not exist waits, as it would for a kubelet that never comes.
    const node = this.state.nodes.get(nodeName);
    if (node) this.runOn(pod, node);
  }

  /** Gives the pod's address back to the network that handed it out. */
  podDeleted(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const allocation = this.allocations.get(uid);
    if (!allocation) return;
    this.allocations.delete(uid);
    allocation.network.release(allocation.ip, pod);
  }

  private schedule(pod: Pod): void {
    if (
      (pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler'
    ) {
      return;
    }
    const placement = choosePlacement(pod, this.nodes(), nodeName =>
      this.state.podCountOn(nodeName),
    );
    const { namespace, name } = pod.metadata;
    if ('nodeName' in placement) {
      this.objects.bindPod(namespace!, name!, placement.nodeName);
      return;
    }
    const current = pod.status?.conditions ?? [];
    const conditions = [
      ...current.filter(condition => condition.type !== 'PodScheduled'),
      ...keepTimestamps(
        [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            reason: 'Unschedulable',
            message: placement.unschedulable,
          },
        ],
        current,
        kubeTimestamp(),
      ),
    ];
    const status = { ...pod.status, phase: 'Pending', conditions };
    if (!deepEqual(status, pod.status)) {
      this.objects.updateStatus({ ...pod, status });
    }
  }

  private runOn(pod: Pod, node: Node): void {
    const hostIP = internalIpOf(node) ?? '';
    const status = kubeletStatus(
      pod,
      hostIP,
      this.progressOf(pod, node, hostIP),
      kubeTimestamp(),
    );
    if (!deepEqual(status, pod.status)) {
      this.objects.updateStatus({ ...pod, status });
    }
  }

  private progressOf(pod: Pod, node: Node, hostIP: string): PodProgress {
    const podIP = pod.spec?.hostNetwork ? hostIP : this.addressOf(pod, node);
    if (!podIP) return { stage: 'creating' };
    const ready = this.readiness?.(pod) ?? true;
    return { stage: 'running', podIP, ready };
  }

  private addressOf(pod: Pod, node: Node): string | undefined {
    const uid = pod.metadata.uid!;
    const known = this.allocations.get(uid)?.ip ?? pod.status?.podIP;
    if (known) return known;
    const network = this.network;
    const ip = network?.allocate(pod, node);
    if (network && ip) this.allocations.set(uid, { ip, network });
    return ip;
  }

  private nodes(): Node[] {
    this.sortedNodes ??= [...this.state.nodes.values()].sort((a, b) =>
      a.metadata.name! < b.metadata.name! ? -1 : 1,
    );
    return this.sortedNodes;
  }
}

import { ManagedClusterSpec } from '../../clusters';
import { ClusterObjects } from '../clusterObjects';
import { deepEqual } from '../json';
import { storageKeyOf } from '../resources/resourceType';
import { ObjectStore, StoreEvent } from '../store';
import { KubeObject } from '../types';
import {
  API_VERSIONS,
  ClusterState,
  controllerOf,
  ENDPOINT_SLICE_MANAGER,
  keyOf,
  WATCHED_KINDS,
  WatchedKind,
} from './clusterState';
import { DaemonSetController } from './daemonSets';
import { DeploymentController } from './deployments';
import {
  endpointFacts,
  EndpointSliceController,
  selectorOf,
} from './endpointSlices';
import { GarbageCollector } from './garbageCollector';
import { LoadBalancerController } from './loadBalancers';
import { PodController, PodNetwork, PodReadiness } from './pods';
import { ReplicaSetController } from './replicaSets';
import { matchesServiceSelector } from './selectors';
import { Node, Pod, Service } from './shapes';
import { WorkQueue } from './workQueue';

export interface ClusterControllersOptions {
  spec: ManagedClusterSpec;
  /** How long Azure takes to give a LoadBalancer Service its address. */
  loadBalancerDelayMs: number;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** What of a node the controllers act on; heartbeats and the rest change nothing. */
function nodeFacts(node: Node | undefined): unknown {
  if (!node) return undefined;
  return {
    labels: node.metadata.labels,
    taints: node.spec?.taints,
    unschedulable: node.spec?.unschedulable,
    addresses: node.status?.addresses,
    ready: node.status?.conditions?.find(
      condition => condition.type === 'Ready',
    )?.status,
  };
}

/**
 * The controllers of kube-controller-manager, kube-scheduler, the kubelets
 * and the Azure cloud provider that a lab cluster runs: Deployments get
 * ReplicaSets, ReplicaSets and DaemonSets get pods, pods get nodes and
 * addresses, Services get EndpointSlices and load balancer addresses.
 *
 * They follow the store's changes (the API's own event stream, so they see
 * HTTP and in-process writes alike) and write through the in-process API,
 * so their writes are validated and watched like anyone's. Work is queued
 * per object and runs right after the change that caused it; see WorkQueue.
 */
export class ClusterControllers {
  private readonly state = new ClusterState();
  private readonly queue = new WorkQueue();
  private readonly pods: PodController;
  private readonly loadBalancers: LoadBalancerController;
  private readonly enqueue: Record<
    | 'dependents'
    | 'podsOfNode'
    | 'pod'
    | 'replicaSet'
    | 'daemonSet'
    | 'deployment'
    | 'endpointSlice'
    | 'loadBalancer',
    (key: string) => void
  >;
  private unsubscribe?: () => void;

  /** The API server creates these; `start` once the cluster's first objects are in. */
  constructor(
    private readonly objects: ClusterObjects,
    private readonly store: ObjectStore,
    options: ClusterControllersOptions,
  ) {
    const { state, queue } = this;
    const collector = new GarbageCollector(state, objects);
    this.pods = new PodController(state, objects);
    const replicaSets = new ReplicaSetController(state, objects);
    const daemonSets = new DaemonSetController(state, objects);
    const deployments = new DeploymentController(state, objects);
    const endpointSlices = new EndpointSliceController(
      state,
      objects,
      nodeName => state.nodes.get(nodeName)?.metadata.labels?.[ZONE_LABEL],
    );
    // Lanes in priority order: what is gone goes first, then each level
    // settles before the level that counts it.
    const dependents = queue.lane(uid => collector.collectDependents(uid));
    const podsOfNode = queue.lane(node => collector.collectPodsOf(node));
    const pod = queue.lane(key => this.pods.reconcile(key));
    const replicaSet = queue.lane(key => replicaSets.reconcile(key));
    const daemonSet = queue.lane(key => daemonSets.reconcile(key));
    const deployment = queue.lane(key => deployments.reconcile(key));
    const endpointSlice = queue.lane(key => endpointSlices.reconcile(key));
    const loadBalancer = queue.lane(key => this.loadBalancers.reconcile(key));
    this.loadBalancers = new LoadBalancerController(
      state,
      objects,
      { spec: options.spec, delayMs: options.loadBalancerDelayMs },
      loadBalancer,
    );
    this.enqueue = {
      dependents,
      podsOfNode,
      pod,
      replicaSet,
      daemonSet,
      deployment,
      endpointSlice,
      loadBalancer,
    };
  }

  /** Catches up on the objects stored so far, then follows every change. */
  start(): void {
    if (this.unsubscribe) return;
    for (const kind of Object.values(WATCHED_KINDS)) {
      for (const object of this.objects.list({
        apiVersion: API_VERSIONS[kind],
        kind,
      })) {
        this.changed(kind, object, false);
      }
    }
    this.unsubscribe = this.store.subscribe(event => this.onStoreEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.queue.stop();
    this.loadBalancers.stop();
  }

  /** The CNI pods get their addresses from; undefined leaves new pods in ContainerCreating. */
  setPodNetwork(network: PodNetwork | undefined): void {
    this.pods.network = network;
    this.refresh();
  }

  /** Overrides whether running pods are ready; undefined makes every running pod ready. */
  setPodReadiness(readiness: PodReadiness | undefined): void {
    this.pods.readiness = readiness;
    this.refresh();
  }

  /** While true, LoadBalancer Services get no address (Azure stuck provisioning); false lets waiting ones get theirs after the usual delay. */
  setLoadBalancerPending(pending: boolean): void {
    this.loadBalancers.setPending(pending);
  }

  /**
   * Looks at every pod again, and so at what counts them, after something
   * outside the cluster's objects changed: the network can serve more
   * nodes, the readiness function answers differently.
   */
  refresh(): void {
    for (const key of this.state.pods.keys()) this.enqueue.pod(key);
    for (const key of this.state.daemonSets.keys()) {
      this.enqueue.daemonSet(key);
    }
  }

  /** Resolves when the controllers have nothing left to do (load balancer delays aside). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Like whenIdle, and also waits out load balancer addresses on their way. */
  async whenSettled(): Promise<void> {
    for (;;) {
      await this.queue.whenIdle();
      if (this.loadBalancers.assignmentsInFlight === 0) return;
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  private onStoreEvent(event: StoreEvent): void {
    const kind = (WATCHED_KINDS as Record<string, WatchedKind | undefined>)[
      storageKeyOf(event.resource)
    ];
    if (kind) {
      this.changed(kind, event.object.object, event.type === 'DELETED');
    }
  }

  private changed(kind: WatchedKind, object: KubeObject, removed: boolean) {
    // A deletion of something never seen still tells what went, through its last state.
    const before =
      this.state.apply(kind, object, removed) ?? (removed ? object : undefined);
    const after = removed ? undefined : object;
    switch (kind) {
      case 'Node':
        this.nodeChanged(before as Node | undefined, after as Node | undefined);
        break;
      case 'Pod':
        this.podChanged(before as Pod | undefined, after as Pod | undefined);
        break;
      case 'Service':
        this.serviceChanged(
          before as Service | undefined,
          after as Service | undefined,
        );
        break;
      case 'EndpointSlice':
        this.endpointSliceChanged(after ?? before);
        break;
      case 'ReplicaSet':
        this.workloadChanged(object, removed, this.enqueue.replicaSet);
        this.ownerNeedsSync(before, after);
        break;
      case 'Deployment':
        this.workloadChanged(object, removed, this.enqueue.deployment);
        break;
      default:
        this.workloadChanged(object, removed, this.enqueue.daemonSet);
    }
  }

  private nodeChanged(before: Node | undefined, after: Node | undefined) {
    if (deepEqual(nodeFacts(before), nodeFacts(after))) return;
    this.pods.nodesChanged();
    const nodeName = (after ?? before)!.metadata.name!;
    for (const key of this.state.unscheduledPods) this.enqueue.pod(key);
    for (const key of this.state.daemonSets.keys()) {
      this.enqueue.daemonSet(key);
    }
    if (!after) {
      this.enqueue.podsOfNode(nodeName);
      return;
    }
    // The kubelet on the node may now get its waiting pods going.
    for (const pod of this.state.podsBoundTo(nodeName)) {
      this.enqueue.pod(keyOf(pod));
    }
  }

  private podChanged(before: Pod | undefined, after: Pod | undefined) {
    const pod = (after ?? before)!;
    if (after) this.enqueue.pod(keyOf(after));
    else if (before) this.pods.podDeleted(before);
    this.ownerNeedsSync(before, after);
    if (deepEqual(endpointFacts(before), endpointFacts(after))) return;
    const namespace = pod.metadata.namespace!;
    for (const version of [before, after]) {
      if (!version) continue;
      const labels = version.metadata.labels;
      for (const key of this.state.servicesPossiblySelecting(
        namespace,
        labels,
      )) {
        const service = this.state.services.get(key);
        const selector = service && selectorOf(service);
        if (selector && matchesServiceSelector(selector, labels)) {
          this.enqueue.endpointSlice(key);
        }
      }
    }
  }

  private serviceChanged(
    before: Service | undefined,
    after: Service | undefined,
  ) {
    this.loadBalancers.serviceChanged(before, after);
    const service = (after ?? before)!;
    const key = keyOf(service);
    if (!after) {
      this.enqueue.dependents(service.metadata.uid!);
      this.enqueue.endpointSlice(key);
      this.enqueue.loadBalancer(key);
      return;
    }
    if (
      !before ||
      !deepEqual(before.spec, after.spec) ||
      !deepEqual(before.metadata.labels, after.metadata.labels)
    ) {
      this.enqueue.endpointSlice(key);
    }
    if (
      !before ||
      !deepEqual(before.spec, after.spec) ||
      !deepEqual(before.metadata.annotations, after.metadata.annotations) ||
      !deepEqual(before.status, after.status)
    ) {
      this.enqueue.loadBalancer(key);
    }
  }

  /** Someone else touching a managed slice gets it put right. */
  private endpointSliceChanged(slice: KubeObject | undefined) {
    const labels = slice?.metadata.labels ?? {};
    const service = labels['kubernetes.io/service-name'];
    if (
      service &&
      labels['endpointslice.kubernetes.io/managed-by'] ===
        ENDPOINT_SLICE_MANAGER
    ) {
      this.enqueue.endpointSlice(`${slice!.metadata.namespace}/${service}`);
    }
  }

  private workloadChanged(
    object: KubeObject,
    removed: boolean,
    enqueue: (key: string) => void,
  ) {
    if (removed) this.enqueue.dependents(object.metadata.uid!);
    // A sync of a workload that is gone lets its controller forget it.
    enqueue(keyOf(object));
  }

  /** A pod's ReplicaSet or DaemonSet, or a ReplicaSet's Deployment, counts it. */
  private ownerNeedsSync(
    before: KubeObject | undefined,
    after: KubeObject | undefined,
  ) {
    const owners = new Set<string>();
    for (const version of [before, after]) {
      const owner = version && controllerOf(version);
      if (owner) {
        owners.add(`${owner.kind}|${version.metadata.namespace}/${owner.name}`);
      }
    }
    for (const owner of owners) {
      const [kind, key] = owner.split('|');
      if (kind === 'ReplicaSet') this.enqueue.replicaSet(key);
      else if (kind === 'DaemonSet') this.enqueue.daemonSet(key);
      else if (kind === 'Deployment') this.enqueue.deployment(key);
    }
  }
}

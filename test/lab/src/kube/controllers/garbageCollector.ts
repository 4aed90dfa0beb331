import { ClusterObjects } from '../clusterObjects';
import { ClusterState, WatchedKind } from './clusterState';
import { deleteObject } from './deletion';

/** The kinds whose objects the controllers create with an owner. */
const DEPENDENT_KINDS: WatchedKind[] = ['ReplicaSet', 'Pod', 'EndpointSlice'];

/**
 * The part of the garbage collector the lab's controllers need: when an
 * owner is deleted, so are the objects naming it in ownerReferences
 * (foreground or background makes no difference when deletion is instant);
 * and pods bound to a node that is gone are deleted, as PodGC does.
 */
export class GarbageCollector {
  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
  ) {}

  /** `uid` is a deleted owner's. */
  collectDependents(uid: string): void {
    for (const kind of DEPENDENT_KINDS) {
      for (const dependent of this.state.dependentsOf(uid, kind)) {
        deleteObject(this.objects, dependent);
      }
    }
  }

  collectPodsOf(nodeName: string): void {
    if (this.state.nodes.has(nodeName)) return;
    for (const pod of this.state.podsBoundTo(nodeName)) {
      deleteObject(this.objects, pod);
    }
  }
}

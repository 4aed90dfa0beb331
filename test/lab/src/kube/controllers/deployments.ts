import { ClusterObjects } from '../clusterObjects';
import { deepEqual, jsonCopy, kubeTimestamp } from '../json';
import { API_VERSIONS, ClusterState } from './clusterState';
import { keepTimestamps } from './conditions';
import { deleteObject } from './deletion';
import {
  controllerReference,
  POD_TEMPLATE_HASH_LABEL,
  TemplateHashes,
} from './podTemplates';
import { Condition, Deployment, ReplicaSet } from './shapes';

const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

function revisionOf(replicaSet: ReplicaSet): number {
  return Number(replicaSet.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/** An intstr (`1` or `25%`) against a replica count, rounded as the deployment controller does. */
function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  const resolved = value ?? '25%';
  if (typeof resolved === 'number') return resolved;
  const exact = (Number(resolved.replace(/%$/, '')) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable as numbers (deploymentutil.ResolveFenceposts). */
function fenceposts(deployment: Deployment): {
  surge: number;
  unavailable: number;
} {
  const spec = deployment.spec ?? {};
  const replicas = spec.replicas ?? 1;
  if ((spec.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { surge: 0, unavailable: 0 };
  }
  const rollingUpdate = spec.strategy?.rollingUpdate ?? {};
  const surge = resolveIntOrPercent(rollingUpdate.maxSurge, replicas, true);
  let unavailable = resolveIntOrPercent(
    rollingUpdate.maxUnavailable,
    replicas,
    false,
  );
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

function sum(
  replicaSets: ReplicaSet[],
  count: (replicaSet: ReplicaSet) => number | undefined,
): number {
  return replicaSets.reduce((total, rs) => total + (count(rs) ?? 0), 0);
}

/**
 * The deployment controller with an instant rollout: a Deployment's current
 * template has its own ReplicaSet `<name>-<pod-template-hash>` scaled to
 * `spec.replicas`; ReplicaSets of earlier templates are scaled to zero at
 * once and kept as history up to `revisionHistoryLimit`.
 */
export class DeploymentController {
  private readonly hashes = new TemplateHashes();

  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
  ) {}

  reconcile(key: string): void {
    const deployment = this.state.deployments.get(key);
    if (!deployment) {
      this.hashes.forget(key);
      return;
    }
    if (deployment.metadata.deletionTimestamp) return;
    const owned = this.state.controlledBy<ReplicaSet>(
      deployment.metadata.uid!,
      'ReplicaSet',
    );
    const hash = this.hashes.of(key, deployment);
    const current = owned.find(
      replicaSet =>
        replicaSet.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash,
    );
    // A sync that wrote to ReplicaSets leaves the status to the sync their events bring.
    if (
      !deployment.spec?.paused &&
      this.rollOut(deployment, hash, owned, current)
    ) {
      return;
    }
    this.updateStatus(deployment, owned, current);
  }

  /** Returns whether it changed anything. */
  private rollOut(
    deployment: Deployment,
    hash: string,
    owned: ReplicaSet[],
    current: ReplicaSet | undefined,
  ): boolean {
    const latestRevision = Math.max(0, ...owned.map(revisionOf));
    if (!current) {
      this.createReplicaSet(deployment, hash, latestRevision + 1);
      return true;
    }
    const replicas = deployment.spec?.replicas ?? 1;
    const { surge } = fenceposts(deployment);
    let changed = false;
    const annotations = {
      [DESIRED_REPLICAS]: String(replicas),
      [MAX_REPLICAS]: String(replicas + surge),
      // Rolling back to an earlier template makes its ReplicaSet the newest revision again.
      [REVISION]: String(
        revisionOf(current) === latestRevision &&
          owned.filter(rs => revisionOf(rs) === latestRevision).length === 1
          ? latestRevision
          : latestRevision + 1,
      ),
    };
    const currentAnnotations = current.metadata.annotations ?? {};
    if (
      (current.spec?.replicas ?? 1) !== replicas ||
      Object.entries(annotations).some(
        ([name, value]) => currentAnnotations[name] !== value,
      )
    ) {
      this.patchReplicaSet(current, {
        metadata: { annotations },
        spec: { replicas },
      });
      changed = true;
    }
    const old = owned.filter(replicaSet => replicaSet !== current);
    for (const replicaSet of old) {
      if ((replicaSet.spec?.replicas ?? 1) !== 0) {
        this.patchReplicaSet(replicaSet, { spec: { replicas: 0 } });
        changed = true;
      }
    }
    changed = this.pruneHistory(deployment, old) || changed;
    const revision = annotations[REVISION];
    if (deployment.metadata.annotations?.[REVISION] !== revision) {
      this.objects.patch(
        this.referenceTo(deployment),
        { metadata: { annotations: { [REVISION]: revision } } },
        'merge',
      );
      changed = true;
    }
    return changed;
  }

  private createReplicaSet(
    deployment: Deployment,
    hash: string,
    revision: number,
  ): void {
    const spec = deployment.spec ?? {};
    const template = jsonCopy(spec.template ?? {});
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const selector = jsonCopy(spec.selector ?? {});
    selector.matchLabels = {
      ...selector.matchLabels,
      [POD_TEMPLATE_HASH_LABEL]: hash,
    };
    const replicas = spec.replicas ?? 1;
    const minReadySeconds = (spec as { minReadySeconds?: number })
      .minReadySeconds;
    this.objects.create<ReplicaSet>({
      apiVersion: API_VERSIONS.ReplicaSet,
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: template.metadata.labels,
        annotations: {
          [DESIRED_REPLICAS]: String(replicas),
          [MAX_REPLICAS]: String(replicas + fenceposts(deployment).surge),
          [REVISION]: String(revision),
        },
        ownerReferences: [controllerReference(deployment)],
      },
      spec: {
        replicas,
        ...(minReadySeconds ? { minReadySeconds } : {}),
        selector,
        template,
      },
    });
  }

  /** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private pruneHistory(deployment: Deployment, old: ReplicaSet[]): boolean {
    const limit = deployment.spec?.revisionHistoryLimit ?? 10;
    const idle = old
      .filter(
        replicaSet =>
          (replicaSet.spec?.replicas ?? 1) === 0 &&
          (replicaSet.status?.replicas ?? 0) === 0,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const surplus = idle.slice(0, Math.max(0, idle.length - limit));
    for (const replicaSet of surplus) {
      deleteObject(this.objects, replicaSet);
    }
    return surplus.length > 0;
  }

  private updateStatus(
    deployment: Deployment,
    owned: ReplicaSet[],
    current: ReplicaSet | undefined,
  ): void {
    const replicas = deployment.spec?.replicas ?? 1;
    const actual = sum(owned, rs => rs.status?.replicas);
    const updated = current?.status?.replicas ?? 0;
    const ready = sum(owned, rs => rs.status?.readyReplicas);
    const available = sum(owned, rs => rs.status?.availableReplicas);
    const unavailable = Math.max(
      0,
      sum(owned, rs => rs.spec?.replicas ?? 1) - available,
    );
    const now = kubeTimestamp();
    const previous = deployment.status?.conditions;
    const wanted: Condition[] = [
      available >= replicas - fenceposts(deployment).unavailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
    ];
    const progressing =
      current &&
      this.progressing(current, previous, {
        complete:
          updated === replicas && actual === replicas && available === replicas,
      });
    if (progressing) wanted.push(progressing);
    const status = {
      observedGeneration: deployment.metadata.generation,
      ...(actual ? { replicas: actual } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      ...(ready ? { readyReplicas: ready } : {}),
      ...(available ? { availableReplicas: available } : {}),
      ...(unavailable ? { unavailableReplicas: unavailable } : {}),
      conditions: keepTimestamps(wanted, previous, now, true),
      ...(deployment.status?.collisionCount !== undefined
        ? { collisionCount: deployment.status.collisionCount }
        : {}),
    };
    if (!deepEqual(status, deployment.status)) {
      this.objects.updateStatus({ ...deployment, status });
    }
  }

  /**
   * Progressing as syncRolloutStatus words it. Scaling a finished rollout
   * is no rollout, so NewReplicaSetAvailable stays while the ReplicaSet does.
   */
  private progressing(
    current: ReplicaSet,
    previous: Condition[] | undefined,
    { complete }: { complete: boolean },
  ): Condition {
    const name = current.metadata.name;
    const finished: Condition = {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${name}" has successfully progressed.`,
    };
    if (complete) return finished;
    const before = previous?.find(
      condition => condition.type === 'Progressing',
    );
    if (
      before?.reason === finished.reason &&
      before?.message === finished.message
    ) {
      return finished;
    }
    return {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${name}" is progressing.`,
    };
  }

  private patchReplicaSet(replicaSet: ReplicaSet, patch: object): void {
    this.objects.patch(this.referenceTo(replicaSet), patch, 'merge');
  }

  private referenceTo(object: Deployment | ReplicaSet) {
    return {
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name!,
    };
  }
}

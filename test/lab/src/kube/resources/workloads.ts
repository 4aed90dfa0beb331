import { deepEqual, isJsonObject, jsonCopy, JsonObject } from '../json';
import { FieldViolation, KubeObject } from '../types';
import { forbidden, invalid } from '../validation';

function objectField(object: JsonObject, field: string): JsonObject {
  if (!isJsonObject(object[field])) object[field] = {};
  return object[field] as JsonObject;
}

function containersOf(podSpec: unknown, field = 'containers'): JsonObject[] {
  const containers = isJsonObject(podSpec) ? podSpec[field] : undefined;
  return Array.isArray(containers) ? containers.filter(isJsonObject) : [];
}

/** The QoS class the kubelet would report, from requests and limits alone. */
function qosClassOf(podSpec: unknown): string {
  const containers = [
    ...containersOf(podSpec),
    ...containersOf(podSpec, 'initContainers'),
  ];
  const resources = containers.map(container =>
    isJsonObject(container.resources) ? container.resources : {},
  );
  const hasAny = resources.some(
    r =>
      Object.keys(r.requests ?? {}).length > 0 ||
      Object.keys(r.limits ?? {}).length > 0,
  );
  if (!hasAny) return 'BestEffort';
  const guaranteed = resources.every(r => {
    const limits = (r.limits ?? {}) as JsonObject;
    const requests = { ...limits, ...((r.requests ?? {}) as JsonObject) };
    return (
      ['cpu', 'memory'].every(name => limits[name] !== undefined) &&
      deepEqual(requests, limits)
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function preparePodForCreate(pod: KubeObject): FieldViolation[] {
  const spec = objectField(pod, 'spec');
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.serviceAccountName ??= 'default';
  pod.status = { phase: 'Pending', qosClass: qosClassOf(spec) };
  return [];
}

const POD_MUTABLE_FIELDS_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** A pod's spec is immutable apart from images, the deadline and added tolerations. */
export function preparePodForUpdate(
  next: KubeObject,
  previous: KubeObject,
): FieldViolation[] {
  const nextSpec = jsonCopy(isJsonObject(next.spec) ? next.spec : {});
  const previousSpec = isJsonObject(previous.spec) ? previous.spec : {};
  for (const field of ['containers', 'initContainers']) {
    const before = containersOf(previousSpec, field);
    containersOf(nextSpec, field).forEach((container, index) => {
      if (before[index]) container.image = before[index].image;
    });
  }
  nextSpec.activeDeadlineSeconds = previousSpec.activeDeadlineSeconds;
  const tolerationsBefore = Array.isArray(previousSpec.tolerations)
    ? previousSpec.tolerations
    : [];
  const tolerationsAfter = Array.isArray(nextSpec.tolerations)
    ? nextSpec.tolerations
    : [];
  const onlyAdded = tolerationsBefore.every(toleration =>
    tolerationsAfter.some(candidate => deepEqual(candidate, toleration)),
  );
  if (onlyAdded) nextSpec.tolerations = previousSpec.tolerations;
  return deepEqual(nextSpec, previousSpec)
    ? []
    : [forbidden('spec', POD_MUTABLE_FIELDS_MESSAGE)];
}

export function prepareDeploymentForCreate(
  deployment: KubeObject,
): FieldViolation[] {
  const spec = objectField(deployment, 'spec');
  spec.replicas ??= 1;
  spec.strategy ??= {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
  };
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  deployment.status = {};
  return selectorMatchesTemplate(spec);
}

export function prepareReplicaSetForCreate(
  replicaSet: KubeObject,
): FieldViolation[] {
  const spec = objectField(replicaSet, 'spec');
  spec.replicas ??= 1;
  replicaSet.status = { replicas: 0 };
  return selectorMatchesTemplate(spec);
}

export function prepareDaemonSetForCreate(
  daemonSet: KubeObject,
): FieldViolation[] {
  const spec = objectField(daemonSet, 'spec');
  spec.updateStrategy ??= {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  };
  spec.revisionHistoryLimit ??= 10;
  daemonSet.status = {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
  };
  return selectorMatchesTemplate(spec);
}

/** apps/v1 selectors are immutable and must select the pod template. */
export function prepareWorkloadForUpdate(
  next: KubeObject,
  previous: KubeObject,
): FieldViolation[] {
  const spec = objectField(next, 'spec');
  const previousSpec = isJsonObject(previous.spec) ? previous.spec : {};
  const violations = selectorMatchesTemplate(spec);
  if (!deepEqual(spec.selector, previousSpec.selector)) {
    violations.push(
      invalid('spec.selector', spec.selector, 'field is immutable'),
    );
  }
  return violations;
}

function selectorMatchesTemplate(spec: JsonObject): FieldViolation[] {
  const selector = isJsonObject(spec.selector) ? spec.selector : {};
  const matchLabels = isJsonObject(selector.matchLabels)
    ? selector.matchLabels
    : {};
  const template = isJsonObject(spec.template) ? spec.template : {};
  const metadata = isJsonObject(template.metadata) ? template.metadata : {};
  const labels = isJsonObject(metadata.labels) ? metadata.labels : {};
  const matches = Object.entries(matchLabels).every(
    ([key, value]) => labels[key] === value,
  );
  return matches
    ? []
    : [
        invalid(
          'spec.template.metadata.labels',
          labels,
          '`selector` does not match template `labels`',
        ),
      ];
}

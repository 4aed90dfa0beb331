import { createHash, randomBytes } from 'node:crypto';
import { keepTimestamps } from './conditions';
import {
  Condition,
  Container,
  ContainerStatus,
  Pod,
  PodStatus,
} from './shapes';

/** Where the kubelet has got with a pod it was given. */
export type PodProgress =
  /** No sandbox yet: the CNI has not given the pod an address. */
  { stage: 'creating' } | { stage: 'running'; podIP: string; ready: boolean };

/** `nginx:1` → `docker.io/library/nginx:1`, the reference containerd reports. */
export function normalizeImage(image: string): string {
  const [reference, digest] = image.split('@');
  const slash = reference.indexOf('/');
  const domain = slash > 0 ? reference.slice(0, slash) : '';
  const hasDomain =
    domain.includes('.') || domain.includes(':') || domain === 'localhost';
  let full = reference;
  if (!hasDomain) {
    full = `docker.io/${slash > 0 ? '' : 'library/'}${reference}`;
  }
  if (digest) return `${full}@${digest}`;
  const lastSegment = full.slice(full.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? full : `${full}:latest`;
}

/** A cluster runs few images, and every status sync looks each one up again. */
const imageIds = new Map<string, string>();

/** `repository@sha256:…`: what the image was pulled as; derived from the name, so stable. */
function imageIdOf(image: string): string {
  let imageId = imageIds.get(image);
  if (imageId) return imageId;
  const normalized = normalizeImage(image);
  const [reference, digest] = normalized.split('@');
  const repository = reference.replace(/:[^:/]+$/, '');
  imageId = digest
    ? normalized
    : `${repository}@sha256:${createHash('sha256')
        .update(normalized)
        .digest('hex')}`;
  if (imageIds.size < 10_000) imageIds.set(image, imageId);
  return imageId;
}

function containerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

function unreadyMessage(kind: string, names: string[]): string {
  // Go prints the name slice as [a b].
  return `containers with ${kind} status: [${names.join(' ')}]`;
}

function podCondition(
  type: string,
  ready: boolean,
  reason?: string,
  message?: string,
): Condition {
  return {
    type,
    status: ready ? 'True' : 'False',
    lastProbeTime: null,
    ...(ready || !reason ? {} : { reason, message }),
  };
}

/**
 * The status the kubelet reports for a pod bound to its node. Container IDs
 * and start times of containers already running are kept, and so are
 * condition timestamps whose status did not change, so that recomputing
 * an unchanged status yields an equal object.
 */
export function kubeletStatus(
  pod: Pod,
  hostIP: string,
  progress: PodProgress,
  now: string,
): PodStatus {
  const current = pod.status ?? {};
  const containers = pod.spec?.containers ?? [];
  const initContainers = pod.spec?.initContainers ?? [];
  const running = progress.stage === 'running';
  const ready = running && progress.ready;
  const names = containers.map(container => container.name);
  const initNames = initContainers.map(container => container.name);
  const previousOf = (
    name: string,
    statuses: ContainerStatus[] | undefined,
  ): ContainerStatus | undefined =>
    statuses?.find(status => status.name === name);

  const runningStatus = (container: Container): ContainerStatus => {
    const before = previousOf(container.name, current.containerStatuses);
    const image = container.image ?? '';
    return {
      name: container.name,
      state: {
        running: {
          startedAt: before?.state?.running?.startedAt ?? now,
        },
      },
      lastState: {},
      ready,
      restartCount: 0,
      image: normalizeImage(image),
      imageID: imageIdOf(image),
      containerID:
        (before?.state?.running && before.containerID) || containerId(),
      started: true,
    };
  };
  const completedInitStatus = (container: Container): ContainerStatus => {
    const before = previousOf(container.name, current.initContainerStatuses);
    const image = container.image ?? '';
    const containerID =
      (before?.state?.terminated && before.containerID) || containerId();
    return {
      name: container.name,
      state: {
        terminated: before?.state?.terminated ?? {
          exitCode: 0,
          reason: 'Completed',
          startedAt: now,
          finishedAt: now,
          containerID,
        },
      },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: normalizeImage(image),
      imageID: imageIdOf(image),
      containerID,
      started: false,
    };
  };
  const waitingStatus = (container: Container, reason: string) => ({
    name: container.name,
    state: { waiting: { reason } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: normalizeImage(container.image ?? ''),
    imageID: '',
    started: false,
  });

  const initialized = running || initContainers.length === 0;
  const conditions = keepTimestamps(
    [
      podCondition('PodReadyToStartContainers', running),
      podCondition(
        'Initialized',
        initialized,
        'ContainersNotInitialized',
        unreadyMessage('incomplete', initNames),
      ),
      podCondition(
        'Ready',
        ready,
        'ContainersNotReady',
        unreadyMessage('unready', names),
      ),
      podCondition(
        'ContainersReady',
        ready,
        'ContainersNotReady',
        unreadyMessage('unready', names),
      ),
      podCondition('PodScheduled', true),
    ],
    current.conditions,
    now,
  );
  const appWaitingReason = initialized
    ? 'ContainerCreating'
    : 'PodInitializing';
  return {
    ...(current.observedGeneration !== undefined
      ? { observedGeneration: current.observedGeneration }
      : {}),
    phase: running ? 'Running' : 'Pending',
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(running
      ? { podIP: progress.podIP, podIPs: [{ ip: progress.podIP }] }
      : {}),
    startTime: current.startTime ?? now,
    ...(initContainers.length > 0
      ? {
          initContainerStatuses: initContainers.map(container =>
            running
              ? completedInitStatus(container)
              : waitingStatus(container, 'PodInitializing'),
          ),
        }
      : {}),
    containerStatuses: containers.map(container =>
      running
        ? runningStatus(container)
        : waitingStatus(container, appWaitingReason),
    ),
    ...(current.qosClass !== undefined ? { qosClass: current.qosClass } : {}),
  };
}

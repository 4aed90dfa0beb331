import { jsonCopy } from '../json';
import { KubeObject } from '../types';
import { OwnerReference, Pod, PodTemplate } from './shapes';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** What rand.SafeEncodeString maps digits to: no vowels, no look-alikes. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal templates hash equally whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * controller.ComputeHash: FNV-32a of the template, printed in decimal and
 * each digit mapped through SafeEncodeString, as in `web-7c5ddbdf54`. The
 * template is hashed without its pod-template-hash label.
 */
export function templateHash(template: PodTemplate | undefined): string {
  const source = template ?? {};
  const labels = { ...(source.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const hashed = {
    ...source,
    metadata: { ...source.metadata, labels },
  };
  const digits = String(fnv32a(canonicalJson(hashed))).padStart(10, '0');
  return [...digits]
    .map(digit => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length])
    .join('');
}

/**
 * Template hashes of the workloads a controller syncs, by key. Every status
 * write stores a new copy of the workload, but only a new generation can
 * bring a new template, so the hash is computed once per generation.
 */
export class TemplateHashes {
  private readonly known = new Map<
    string,
    { uid: string; generation: number; hash: string }
  >();

  of(
    key: string,
    workload: KubeObject & { spec?: { template?: PodTemplate } },
  ): string {
    const uid = workload.metadata.uid!;
    const generation = workload.metadata.generation ?? 0;
    const known = this.known.get(key);
    if (known?.uid === uid && known.generation === generation) {
      return known.hash;
    }
    const hash = templateHash(workload.spec?.template);
    this.known.set(key, { uid, generation, hash });
    return hash;
  }

  forget(key: string): void {
    this.known.delete(key);
  }
}

export function controllerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A pod as a ReplicaSet or DaemonSet creates it from its template: generateName `<owner>-`. */
export function podFromTemplate(
  template: PodTemplate | undefined,
  owner: KubeObject,
  extraLabels: Record<string, string> = {},
): Pod {
  const { name: _name, ...metadata } = jsonCopy(template?.metadata ?? {});
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...metadata,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...metadata.labels, ...extraLabels },
      ownerReferences: [controllerReference(owner)],
    },
    spec: jsonCopy(template?.spec ?? {}),
  };
}

/** Terminal pods and pods on their way out no longer count as replicas. */
export function isActivePod(pod: Pod): boolean {
  return (
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed' &&
    !pod.metadata.deletionTimestamp
  );
}

export function isPodReady(pod: Pod): boolean {
  return (
    pod.status?.conditions?.some(
      condition => condition.type === 'Ready' && condition.status === 'True',
    ) ?? false
  );
}

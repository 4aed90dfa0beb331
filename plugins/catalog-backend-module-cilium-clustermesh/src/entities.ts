import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import {
  CLUSTER_NAME_ANNOTATION,
  CLUSTERMESH_ANNOTATION,
  CLUSTERMESH_RESOURCE_TYPE,
  KUBERNETES_CLUSTER_RESOURCE_TYPE,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { createHash } from 'node:crypto';
import { DEFAULT_OWNER } from './config';

export const CILIUM_CLUSTER_NAME_LABEL = 'cilium.io/cluster-name';
export const CILIUM_CLUSTER_ID_LABEL = 'cilium.io/cluster-id';
export const CILIUM_VERSION_LABEL = 'cilium.io/version';

/** The parts of the backend's mesh list and mesh detail the entities are made from. */
export interface MeshInput {
  name: string;
  title?: string;
  clusters: Array<{
    name: string;
    cilium?: { clusterName?: string; clusterId?: number; version?: string };
  }>;
}

export interface MeshEntitiesOptions {
  owner?: string;
}

const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/** Location of every entity of a mesh; also the provider's location key for them. */
export function meshLocation(mesh: string): string {
  return `cilium-clustermesh:${mesh}`;
}

function shortHash(identity: string): string {
  return createHash('sha256')
    .update(identity)
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

// The hash keeps names unique when cleaning or truncating loses information.
function hashedName(raw: string, identity: string): string {
  const head = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[^A-Za-z0-9]+$/, '');
  const hash = shortHash(identity);
  return head ? `${head}-${hash}` : hash;
}

/**
 * Hands out entity names, unique the way the catalog compares them
 * (case-insensitively), so two meshes or clusters never claim one entity.
 */
function nameClaimer() {
  const taken = new Set<string>();
  return (raw: string, identity: string): string => {
    let name = KubernetesValidatorFunctions.isValidObjectName(raw)
      ? raw
      : hashedName(raw, identity);
    if (taken.has(name.toLocaleLowerCase('en-US'))) {
      name = hashedName(raw, identity);
    }
    taken.add(name.toLocaleLowerCase('en-US'));
    return name;
  };
}

function ciliumLabels(
  cilium: MeshInput['clusters'][number]['cilium'],
): Record<string, string> | undefined {
  const candidates: Array<[string, string | undefined]> = [
    [CILIUM_CLUSTER_NAME_LABEL, cilium?.clusterName],
    [
      CILIUM_CLUSTER_ID_LABEL,
      Number.isInteger(cilium?.clusterId)
        ? String(cilium?.clusterId)
        : undefined,
    ],
    [CILIUM_VERSION_LABEL, cilium?.version],
  ];
  const labels = Object.fromEntries(
    candidates.filter(
      (entry): entry is [string, string] =>
        Boolean(entry[1]) &&
        KubernetesValidatorFunctions.isValidLabelValue(entry[1]),
    ),
  );
  return Object.keys(labels).length > 0 ? labels : undefined;
}

// Sorted by code unit, not locale, so names and hashes never depend on the host.
function uniqueByName<T extends { name: string }>(items: T[]): T[] {
  return [...new Map(items.map(item => [item.name, item])).values()].sort(
    (a, b) => {
      if (a.name === b.name) return 0;
      return a.name < b.name ? -1 : 1;
    },
  );
}

function locationAnnotations(mesh: string): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: meshLocation(mesh),
    [ANNOTATION_ORIGIN_LOCATION]: meshLocation(mesh),
  };
}

/**
 * One `cilium-clustermesh` Resource per mesh and one `kubernetes-cluster`
 * Resource per cluster. Cluster entities deliberately carry no
 * `kubernetes.io/*` annotations: the backend reads clusters from catalog
 * entities that have them, and must not read its own output back.
 */
export function meshEntities(
  meshes: MeshInput[],
  options: MeshEntitiesOptions = {},
): Entity[] {
  const owner = options.owner ?? DEFAULT_OWNER;
  const claim = nameClaimer();
  const sorted = uniqueByName(meshes);
  // Meshes claim their names first so a cluster never takes a mesh's name.
  const meshNames = new Map(
    sorted.map(mesh => [mesh.name, claim(mesh.name, mesh.name)]),
  );

  const meshResources = sorted.map(
    (mesh): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: meshNames.get(mesh.name)!,
        namespace: 'default',
        ...(mesh.title ? { title: mesh.title } : {}),
        annotations: {
          ...locationAnnotations(mesh.name),
          [CLUSTERMESH_ANNOTATION]: mesh.name,
        },
      },
      spec: { type: CLUSTERMESH_RESOURCE_TYPE, owner },
    }),
  );

  const clusterResources = sorted.flatMap(mesh =>
    uniqueByName(mesh.clusters).map((cluster): Entity => {
      const labels = ciliumLabels(cluster.cilium);
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: claim(
            `${mesh.name}-${cluster.name}`,
            `${mesh.name}/${cluster.name}`,
          ),
          namespace: 'default',
          title: `${cluster.name} (${mesh.name})`,
          annotations: {
            ...locationAnnotations(mesh.name),
            [CLUSTERMESH_ANNOTATION]: mesh.name,
            [CLUSTER_NAME_ANNOTATION]: cluster.name,
          },
          ...(labels ? { labels } : {}),
        },
        spec: {
          type: KUBERNETES_CLUSTER_RESOURCE_TYPE,
          owner,
          dependencyOf: [`resource:default/${meshNames.get(mesh.name)}`],
        },
      };
    }),
  );

  return [...meshResources, ...clusterResources];
}

import { InputError } from '@backstage/errors';
import {
  checkMeshName,
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type { MeshRegistration } from './meshRegistryClient';
import type { MeshToolkit } from './toolkit';

/** A registered cluster with the Azure coordinates the actions reach it by. */
export interface RegisteredMember {
  /** The name in the registration: the cluster's Cilium cluster.name. */
  ciliumName: string;
  resourceGroup: string;
  aksName: string;
}

export interface RegisteredMesh {
  registration: MeshRegistration;
  members: RegisteredMember[];
}

/**
 * The mesh as the cilium-clustermesh backend has it registered, refused with
 * field, rule and fix when it is not registered or a cluster cannot be
 * reached through this backend's Azure subscription: everything a join or
 * leave does starts from here, before any change.
 */
export async function registeredMesh(
  toolkit: MeshToolkit,
  mesh: string,
  field = 'mesh',
): Promise<RegisteredMesh> {
  const invalid = checkMeshName(mesh, field);
  if (invalid.length > 0) throw refused(mesh, invalid);
  const registration = await toolkit.registry.get(mesh);
  if (!registration) {
    throw refused(mesh, [
      {
        field,
        rule: `no mesh named "${mesh}" is registered with the cilium-clustermesh backend (meshes from app-config or the catalog are not registrations)`,
        fix: 'name a mesh the "Cilium ClusterMesh on AKS" template created, or create it with that template first',
      },
    ]);
  }
  const { subscriptionId } = toolkit.azure();
  const violations: RuleViolation[] = [];
  // Array.from: arrays species-created from fetch's JSON would belong to
  // fetch's realm, which the scaffolder's templating refuses (under Jest).
  const members = Array.from(registration.clusters).flatMap(
    (cluster, index): RegisteredMember[] => {
      const at = `${field} (registered clusters[${index}] ${cluster.name})`;
      if (!cluster.azure) {
        violations.push({
          field: at,
          rule: 'the registration has no Azure coordinates for this cluster, so its AKS resource and Cilium release cannot be read',
          fix: 'register the mesh again with the "Cilium ClusterMesh on AKS" template',
        });
        return [];
      }
      if (
        cluster.azure.subscriptionId.toLowerCase() !==
        subscriptionId.toLowerCase()
      ) {
        violations.push({
          field: at,
          rule: `the cluster is in subscription ${cluster.azure.subscriptionId}, but this backend works in ${subscriptionId}`,
          fix: 'run the template on a portal configured for that subscription (ciliumClusterMesh.azure.subscriptionId)',
        });
        return [];
      }
      return [
        {
          ciliumName: cluster.name,
          resourceGroup: cluster.azure.resourceGroup,
          aksName: cluster.azure.managedCluster,
        },
      ];
    },
  );
  if (violations.length > 0) throw refused(mesh, violations);
  return { registration, members };
}

function refused(mesh: string, violations: RuleViolation[]): InputError {
  return new InputError(
    `Mesh ${mesh} cannot be used:\n${formatViolations(violations)}`,
  );
}

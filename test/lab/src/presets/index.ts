import type { Lab } from '../lab';
import { applyScalePreset } from './scale';
import { applySeedPreset, SEED_CLUSTERS } from './seed';

export const PRESET_NAMES = ['seed', 'empty', 'scale'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A mesh a preset built, as the portal's configuration names it. */
export interface LabMesh {
  name: string;
  title: string;
  clusters: { aksName: string; ciliumName: string }[];
}

/** The seed mesh's name, as the catalog fixture's `cilium.io/clustermesh` annotation uses it. */
export const SEED_MESH_NAME = 'lab-mesh';

export interface PresetOptions {
  preset: PresetName;
  /** scale: clusters (default 255), global services (2000), nodes per cluster (3). */
  clusters?: number;
  services?: number;
  nodes?: number;
  chartVersion?: string;
}

/**
 * What the lab holds when it comes up. `seed`: the seed document's meshed
 * clusters. `empty`: a subscription with nothing in it, for the
 * provisioning template. `scale`: a generated mesh for benchmarks.
 */
export async function applyPreset(
  lab: Lab,
  options: PresetOptions,
  context: { workDir: string; log?: (line: string) => void },
): Promise<LabMesh | undefined> {
  if (options.preset === 'seed') {
    await applySeedPreset(lab, {
      ...context,
      chartVersion: options.chartVersion,
    });
    return {
      name: SEED_MESH_NAME,
      title: 'Lab mesh',
      clusters: SEED_CLUSTERS.map(({ aksName, ciliumName }) => ({
        aksName,
        ciliumName,
      })),
    };
  }
  if (options.preset === 'scale') {
    const clusters = await applyScalePreset(lab, {
      ...context,
      clusters: options.clusters ?? 255,
      globalServices: options.services ?? 2000,
      nodesPerCluster: options.nodes ?? 3,
      chartVersion: options.chartVersion,
    });
    return { name: 'scale-mesh', title: 'Scale mesh', clusters };
  }
  return undefined;
}

export {
  applySeedPreset,
  buildMesh,
  SEED_CLUSTERS,
  SEED_NAMESPACE,
  SEED_SERVICE,
} from './seed';
export type { BuiltCluster, MeshBuildOptions, MeshClusterPlan } from './seed';
export { applyScalePreset } from './scale';
export { helm, upgradeCilium } from './provisioning';
export type { CiliumHelmCall } from './provisioning';

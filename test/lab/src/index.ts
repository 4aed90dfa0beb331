/**
 * The lab: Azure Resource Manager and Entra ID, a Kubernetes API server per
 * AKS cluster, a helm, and Cilium ClusterMesh behaviour, on loopback, for
 * tests, benchmarks and `npm start`.
 *
 * @packageDocumentation
 */
export { Lab, AKS_SERVER_APP_SCOPE } from './lab';
export type { LabOptions } from './lab';
export { labMeshConfig, portalConfigYaml } from './cli/portalConfig';
export type {
  ManagedClusterSpec,
  LabCluster,
  ClusterFactory,
} from './clusters';
export { ArmEmulator } from './arm';
export { KubeApiServer, createKubeClusterFactory } from './kube';
export type { TrafficRecord } from './kube';
export { LabFaults } from './faults';
export {
  createCertificateAuthority,
  issueCertificate,
} from './pki/certificates';
export type { CertificateAuthority, KeyPairPem } from './pki/certificates';
export { MeshRuntime } from './cilium/mesh/meshRuntime';
export type { LinkReport, MeshRuntimeOptions } from './cilium/mesh/meshRuntime';
export {
  applyPreset,
  applySeedPreset,
  applyScalePreset,
  buildMesh,
  helm,
  PRESET_NAMES,
  SEED_CLUSTERS,
  SEED_MESH_NAME,
  SEED_NAMESPACE,
  SEED_SERVICE,
  upgradeCilium,
} from './presets';
export type {
  BuiltCluster,
  LabMesh,
  MeshBuildOptions,
  MeshClusterPlan,
  PresetName,
  PresetOptions,
} from './presets';

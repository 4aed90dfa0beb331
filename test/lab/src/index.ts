/**
 * The lab: Azure Resource Manager and Entra ID, a Kubernetes API server per
 * AKS cluster and a helm, on loopback, for tests, benchmarks and `npm start`.
 *
 * @packageDocumentation
 */
export { Lab, AKS_SERVER_APP_SCOPE } from './lab';
export type { LabOptions } from './lab';
export { portalConfigYaml } from './cli/portalConfig';
export type { ManagedClusterSpec, LabCluster, ClusterFactory } from './clusters';
export { ArmEmulator } from './arm';
export { KubeApiServer, createKubeClusterFactory } from './kube';

/**
 * Types, permissions and pure Cilium ClusterMesh and AKS rules shared by the
 * cilium-clustermesh plugins. Nothing here does I/O.
 *
 * @packageDocumentation
 */
export * from './pluginId';
export * from './permissions';
export * from './annotations';
export * from './rules/violation';
export * from './rules/clusterIdentity';
export * from './rules/cidr';
export * from './rules/meshPlan';
export * from './status/observation';
export * from './status/metrics';
export * from './status/meshStatus';
export {
  buildMeshStatus,
  DEFAULT_CERTIFICATE_WARNING_DAYS,
  DEFAULT_STALE_AFTER_MS,
} from './status/buildMeshStatus';
export type { BuildMeshStatusInput } from './status/buildMeshStatus';
export {
  buildGlobalServices,
  exportsService,
  serviceKey,
} from './status/globalServices';
export { summarizeHealth } from './status/health';
export type { HealthSummary } from './status/health';
export { compareText, indexMesh } from './status/meshIndex';
export type { IndexedCluster, MeshIndex } from './status/meshIndex';
export { buildConnections } from './status/connections';
export {
  compareProblems,
  detectProblems,
  problemDetectors,
} from './status/problems';
export type { ProblemContext, ProblemDetector } from './status/problems';

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
export * from './status/metricsBody';
export * from './status/meshStatus';
export * from './api/responses';
export * from './api/connectionGrid';
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
export { buildConnections, countConnections } from './status/connections';
export {
  compareProblems,
  detectProblems,
  problemDetectors,
} from './status/problems';
export type { ProblemContext, ProblemDetector } from './status/problems';
export * from './provisioning/types';
export * from './provisioning/aksRules';
export * from './provisioning/provisioningPlan';
export * from './provisioning/layout';
export * from './provisioning/ciliumValues';
export * from './provisioning/readiness';
export { isIpv4Range, parseIpv4Cidr } from './provisioning/ipv4';
export type { Ipv4Range } from './provisioning/ipv4';

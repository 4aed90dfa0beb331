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

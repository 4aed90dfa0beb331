/**
 * Minor versions at which the status API and the metrics changed shape. The
 * renderers key off these so a test can name the boundary it checks.
 */
export const STATUS_VERSIONS = {
  /** `num-service-exports`, `config.service-exports-enabled`, `synced.service-exports` (MCS-API). */
  serviceExportsSince: 17,
  /** `num-endpoint-slices`, `config.endpoint-slices-export-mode`, `synced.endpoint-slices`. */
  endpointSlicesSince: 20,
  /** The agent's `num-global-services` and `cilium_clustermesh_global_services`. */
  globalServicesUntil: 18,
  /** `source_cluster` / `source_node_name` metric labels (cilium#41976 dropped them). */
  sourceLabelsUntil: 18,
  /** `clustermesh-apiserver kvstoremesh-dbg status` (cilium#32156). */
  kvstoremeshStatusSince: 16,
} as const;

// A parser thread that dies on KVStoreMesh scrapes, as on a fatal error.
import {
  ClusterMeshMetricsLayer,
  parseClusterMeshMetricsBody as parse,
} from '@meshportal/plugin-cilium-clustermesh-common';

export function parseClusterMeshMetricsBody(
  body: Uint8Array,
  layer: ClusterMeshMetricsLayer,
) {
  if (layer === 'kvstoremesh') process.exit(3);
  return parse(body, layer);
}

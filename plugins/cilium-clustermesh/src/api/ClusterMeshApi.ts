import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ClusterDetail,
  ConnectionHistoryPage,
  ConnectionPage,
  ConnectionState,
  ConnectionSummary,
  GlobalServicePage,
  MeshDetail,
  MeshSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';

export interface PageQuery {
  /** 1 to 5000; the backend's default is 1000. */
  limit?: number;
  offset?: number;
}

export interface ConnectionQuery extends PageQuery {
  from?: string;
  to?: string;
  state?: ConnectionState;
}

export interface HistoryQuery {
  from?: string;
  to?: string;
  since?: Date;
  until?: Date;
  /** 1 to 1000; the backend's default is 100. */
  limit?: number;
  /** `nextBefore` of the previous page. */
  before?: number;
}

/**
 * The cilium-clustermesh backend as the frontend uses it. Failures reject
 * with `ResponseError` from `@backstage/errors`, whose `statusCode` tells a
 * permission refusal (403) from a missing mesh (404).
 */
export interface ClusterMeshApi {
  listMeshes(): Promise<MeshSummary[]>;
  getMesh(mesh: string): Promise<MeshDetail>;
  /** Reads every cluster now; refused with 429 when the mesh was refreshed moments ago. */
  refreshMesh(mesh: string): Promise<MeshDetail>;
  listConnections(
    mesh: string,
    query?: ConnectionQuery,
  ): Promise<ConnectionPage>;
  /**
   * What the graph and matrix show of every connection (state, configured,
   * agents and KVStoreMesh ready), in one compact response.
   */
  listConnectionSummaries(mesh: string): Promise<ConnectionSummary[]>;
  listGlobalServices(
    mesh: string,
    query?: PageQuery & { namespace?: string },
  ): Promise<GlobalServicePage>;
  getCluster(mesh: string, cluster: string): Promise<ClusterDetail>;
  getHistory(
    mesh: string,
    query?: HistoryQuery,
  ): Promise<ConnectionHistoryPage>;
}

export const clusterMeshApiRef = createApiRef<ClusterMeshApi>().with({
  id: 'plugin.cilium-clustermesh.client',
  pluginId: 'cilium-clustermesh',
});

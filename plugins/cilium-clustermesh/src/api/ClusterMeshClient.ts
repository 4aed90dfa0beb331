import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CILIUM_CLUSTERMESH_PLUGIN_ID,
  ClusterDetail,
  ConnectionGrid,
  ConnectionHistoryPage,
  ConnectionPage,
  ConnectionSummary,
  decodeConnectionGrid,
  GlobalServicePage,
  MeshDetail,
  MeshSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type {
  ClusterMeshApi,
  ConnectionQuery,
  HistoryQuery,
  PageQuery,
} from './ClusterMeshApi';

type QueryValue = string | number | Date | undefined;

export class ClusterMeshClient implements ClusterMeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listMeshes(): Promise<MeshSummary[]> {
    const body = await this.request<{ items: MeshSummary[] }>('/meshes');
    return body.items;
  }

  getMesh(mesh: string): Promise<MeshDetail> {
    return this.request(`/meshes/${encodeURIComponent(mesh)}`);
  }

  refreshMesh(mesh: string): Promise<MeshDetail> {
    return this.request(`/meshes/${encodeURIComponent(mesh)}/refresh`, {
      method: 'POST',
    });
  }

  listConnections(
    mesh: string,
    query: ConnectionQuery = {},
  ): Promise<ConnectionPage> {
    return this.request(`/meshes/${encodeURIComponent(mesh)}/connections`, {
      query: { ...query },
    });
  }

  async listConnectionSummaries(mesh: string): Promise<ConnectionSummary[]> {
    return decodeConnectionGrid(
      await this.request<ConnectionGrid>(
        `/meshes/${encodeURIComponent(mesh)}/connection-grid`,
      ),
    );
  }

  listGlobalServices(
    mesh: string,
    query: PageQuery & { namespace?: string } = {},
  ): Promise<GlobalServicePage> {
    return this.request(`/meshes/${encodeURIComponent(mesh)}/global-services`, {
      query: { ...query },
    });
  }

  getCluster(mesh: string, cluster: string): Promise<ClusterDetail> {
    return this.request(
      `/meshes/${encodeURIComponent(mesh)}/clusters/${encodeURIComponent(
        cluster,
      )}`,
    );
  }

  getHistory(
    mesh: string,
    query: HistoryQuery = {},
  ): Promise<ConnectionHistoryPage> {
    return this.request(`/meshes/${encodeURIComponent(mesh)}/history`, {
      query: { ...query },
    });
  }

  private async request<T>(
    path: string,
    options: { method?: string; query?: Record<string, QueryValue> } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      CILIUM_CLUSTERMESH_PLUGIN_ID,
    );
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      params.set(
        key,
        value instanceof Date ? value.toISOString() : String(value),
      );
    }
    const search = params.size ? `?${params}` : '';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}${search}`, {
      method: options.method ?? 'GET',
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

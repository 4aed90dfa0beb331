import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ConnectionSummary,
  MeshDetail,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { useCallback, useEffect, useState } from 'react';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';

export interface MeshData {
  detail?: MeshDetail;
  /** What the graph and matrix show of every connection, one per direction. */
  connections?: ConnectionSummary[];
  /** Why the mesh could not be loaded; the tab shows nothing else then. */
  error?: Error;
  /** Why the connection list could not be loaded; the rest still shows. */
  connectionsError?: Error;
  refreshing: boolean;
  /** Changes with every load, so views with data of their own reload too. */
  version: number;
  refresh(): Promise<void>;
}

/** The mesh detail and its connections, and an explicit refresh that reads every cluster now. */
export function useMeshData(mesh: string): MeshData {
  const api = useApi(clusterMeshApiRef);
  const alertApi = useApi(alertApiRef);
  const [detail, setDetail] = useState<MeshDetail>();
  const [connections, setConnections] = useState<ConnectionSummary[]>();
  const [error, setError] = useState<Error>();
  const [connectionsError, setConnectionsError] = useState<Error>();
  const [refreshing, setRefreshing] = useState(false);
  const [version, setVersion] = useState(0);

  const loadConnections = useCallback(async () => {
    try {
      setConnections(await api.listConnectionSummaries(mesh));
      setConnectionsError(undefined);
    } catch (e) {
      setConnectionsError(e as Error);
    }
  }, [api, mesh]);

  useEffect(() => {
    let cancelled = false;
    setDetail(undefined);
    setConnections(undefined);
    setError(undefined);
    // Both requests start at once: the detail renders while connections arrive.
    api.listConnectionSummaries(mesh).then(
      items => !cancelled && setConnections(items),
      e => !cancelled && setConnectionsError(e),
    );
    api.getMesh(mesh).then(
      loaded => !cancelled && setDetail(loaded),
      e => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [api, mesh]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      setDetail(await api.refreshMesh(mesh));
      await loadConnections();
      setVersion(v => v + 1);
    } catch (e) {
      const retryAfter =
        e instanceof ResponseError && e.statusCode === 429
          ? e.response.headers.get('Retry-After')
          : null;
      alertApi.post({
        message: retryAfter
          ? `${mesh} was refreshed moments ago; try again in ${retryAfter} s.`
          : `Could not refresh ${mesh}: ${(e as Error).message}`,
        severity: retryAfter ? 'info' : 'error',
        display: 'transient',
      });
    } finally {
      setRefreshing(false);
    }
  }, [alertApi, api, loadConnections, mesh]);

  return {
    detail,
    connections,
    error,
    connectionsError,
    refreshing,
    version,
    refresh,
  };
}

import { useApi } from '@backstage/core-plugin-api';
import type {
  ConnectionEvent,
  ConnectionHistoryPage,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';

export const HISTORY_PAGE_SIZE = 50;

export interface HistoryPages {
  /** Newest first, every page loaded so far. */
  events?: ConnectionEvent[];
  loading: boolean;
  error?: Error;
  /** There are older events to load. */
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError?: Error;
  loadOlder(): void;
}

/** Older pages, remembered with the first page they continue. */
interface OlderPages {
  after?: ConnectionHistoryPage;
  pages: ConnectionHistoryPage[];
}

/**
 * The newest page of a mesh's history, reloaded when `refreshKey` changes,
 * and older pages appended on request. A reload starts over from the newest
 * page, so pages fetched for an earlier first page are dropped.
 */
export function useHistoryPages(
  mesh: string,
  focus: string | undefined,
  refreshKey: unknown,
): HistoryPages {
  const api = useApi(clusterMeshApiRef);
  const first = useAsync(
    () => api.getHistory(mesh, { limit: HISTORY_PAGE_SIZE, from: focus }),
    // refreshKey is deliberately a dependency: a new key reloads.
    [api, mesh, focus, refreshKey],
  );
  const [older, setOlder] = useState<OlderPages>({ pages: [] });

  const pages = useMemo(() => {
    if (!first.value) return [];
    return older.after === first.value
      ? [first.value, ...older.pages]
      : [first.value];
  }, [first.value, older]);
  const nextBefore = pages.at(-1)?.nextBefore;

  const [olderState, loadOlder] = useAsyncFn(async () => {
    const after = first.value;
    if (!after || nextBefore === undefined) return;
    const page = await api.getHistory(mesh, {
      limit: HISTORY_PAGE_SIZE,
      from: focus,
      before: nextBefore,
    });
    setOlder(previous => ({
      after,
      pages: previous.after === after ? [...previous.pages, page] : [page],
    }));
  }, [api, mesh, focus, first.value, nextBefore]);

  const events = useMemo(
    () => (pages.length ? pages.flatMap(page => page.items) : undefined),
    [pages],
  );

  return {
    events,
    loading: first.loading,
    error: first.error,
    hasOlder: nextBefore !== undefined,
    loadingOlder: olderState.loading,
    olderError: olderState.error,
    loadOlder: () => {
      loadOlder();
    },
  };
}

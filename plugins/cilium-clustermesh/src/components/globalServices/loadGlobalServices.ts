import type { GlobalServiceStatus } from '@meshportal/plugin-cilium-clustermesh-common';
import type { ClusterMeshApi } from '../../api/ClusterMeshApi';

/** The backend's largest page. */
export const GLOBAL_SERVICE_PAGE = 5000;

/**
 * Every global service of a mesh (or of one namespace), page after page until
 * the backend's total: the table filters and sorts them all in the browser.
 */
export async function loadGlobalServices(
  api: Pick<ClusterMeshApi, 'listGlobalServices'>,
  mesh: string,
  namespace?: string,
): Promise<GlobalServiceStatus[]> {
  const items: GlobalServiceStatus[] = [];
  for (;;) {
    const page = await api.listGlobalServices(mesh, {
      limit: GLOBAL_SERVICE_PAGE,
      offset: items.length,
      ...(namespace !== undefined && { namespace }),
    });
    items.push(...page.items);
    // An empty page ends the loop even if the total shrank between requests.
    if (!page.items.length || items.length >= page.total) return items;
  }
}

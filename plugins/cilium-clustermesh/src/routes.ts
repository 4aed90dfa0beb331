import { createRouteRef } from '@backstage/core-plugin-api';

/** The admin page listing every mesh, `/cilium-clustermesh` by default. */
export const rootRouteRef = createRouteRef({ id: 'cilium-clustermesh' });

/** The ClusterMesh tab on an entity page. */
export const entityContentRouteRef = createRouteRef({
  id: 'cilium-clustermesh:entity-content',
});

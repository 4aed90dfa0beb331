import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockFetchApi,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ReactNode } from 'react';
import { clusterMeshApiRef } from '../api/ClusterMeshApi';
import { ClusterMeshClient } from '../api/ClusterMeshClient';
import { rootRouteRef } from '../routes';

/** The real client, talking over HTTP to whatever msw answers at TEST_BACKEND_URL. */
export function testClient() {
  return new ClusterMeshClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi(),
  });
}

export interface RenderOptions {
  /** Whether the user may refresh a mesh; true by default. */
  mayRefresh?: boolean;
}

/** Renders inside a Backstage test app with the real client and a permission API. */
export function renderWithClient(node: ReactNode, options: RenderOptions = {}) {
  const mayRefresh = options.mayRefresh ?? true;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [clusterMeshApiRef, testClient()],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              request.permission.name === 'cilium-clustermesh.mesh.refresh' &&
              !mayRefresh
                ? 'DENY'
                : 'ALLOW',
          }),
        ],
      ]}
    >
      {node}
    </TestApiProvider>,
    { mountedRoutes: { '/cilium-clustermesh': rootRouteRef } },
  );
}

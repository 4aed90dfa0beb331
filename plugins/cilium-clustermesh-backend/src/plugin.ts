import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  CILIUM_CLUSTERMESH_PLUGIN_ID,
  clusterMeshPermissions,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { createRouter } from './router';

export const ciliumClusterMeshPlugin = createBackendPlugin({
  pluginId: CILIUM_CLUSTERMESH_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ httpRouter, httpAuth, permissionsRegistry }) {
        permissionsRegistry.addPermissions(clusterMeshPermissions);
        httpRouter.use(await createRouter({ httpAuth }));
      },
    });
  },
});

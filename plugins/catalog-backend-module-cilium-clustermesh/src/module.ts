import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MeshApiClient } from './client';
import { readProviderSettings } from './config';
import { CiliumClusterMeshEntityProvider } from './provider';

export const catalogModuleCiliumClusterMesh = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'cilium-clustermesh',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const { schedule, owner } = readProviderSettings(config);
        catalog.addEntityProvider(
          new CiliumClusterMeshEntityProvider({
            source: new MeshApiClient({ discovery, auth }),
            logger,
            owner,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CILIUM_CLUSTERMESH_PLUGIN_ID,
  clusterMeshPermissions,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  MetricsParserThreads,
  readAzureConnection,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { ConnectionHistoryStore, MeshRegistryStore } from './database';
import { createRouter } from './router';
import { createMeshDirectory } from './service/meshDirectory';
import { MeshRegistration } from './service/meshRegistration';
import { MeshStatusService } from './service/meshStatusService';
import { ObserverPool } from './service/observerPool';
import { readStatusSettings } from './service/settings';

export const ciliumClusterMeshPlugin = createBackendPlugin({
  pluginId: CILIUM_CLUSTERMESH_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger } = deps;
        deps.permissionsRegistry.addPermissions(clusterMeshPermissions);

        const settings = readStatusSettings(config);
        const history = await ConnectionHistoryStore.create(deps);
        const registry = await MeshRegistryStore.create(deps);
        const directory = createMeshDirectory({
          config,
          logger,
          registry,
          catalog: deps.catalog,
          auth: deps.auth,
        });
        const parserThreads =
          settings.metricsParserThreads > 0
            ? new MetricsParserThreads({
                threads: settings.metricsParserThreads,
                logger,
              })
            : undefined;
        const observer = new ObserverPool({
          concurrency: settings.concurrency,
          clusterTimeoutMs: settings.clusterTimeoutMs,
          probeCertificates: settings.probeCertificates,
          metricsParser: parserThreads?.parse,
          // Only clusters with authProvider azure need it.
          azureCredential: config.has('ciliumClusterMesh.azure')
            ? readAzureConnection(config).credential
            : undefined,
        });
        deps.lifecycle.addShutdownHook(async () => {
          observer.close();
          await parserThreads?.close();
        });
        const service = new MeshStatusService({
          directory,
          observer,
          cache: deps.cache,
          history,
          settings,
          logger,
        });

        await deps.scheduler.scheduleTask({
          id: 'cilium-clustermesh-refresh',
          ...settings.schedule,
          // One replica polls; the others serve what it cached.
          scope: 'global',
          fn: () => service.refreshAll(),
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            service,
            registration: new MeshRegistration({
              store: registry,
              configuredNames: directory.configuredNames,
              changed: name => service.definitionChanged(name),
              logger,
            }),
            // Under Jest every response is checked against the OpenAPI spec.
            validateResponses: process.env.NODE_ENV === 'test',
          }),
        );
      },
    });
  },
});

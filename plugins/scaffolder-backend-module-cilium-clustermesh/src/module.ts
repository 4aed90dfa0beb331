import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAksProvisionAction } from './actions/aksProvision';
import { createCiliumInstallAction } from './actions/ciliumInstall';
import { createClustermeshConnectAction } from './actions/clustermeshConnect';
import { createClustermeshLeaveAction } from './actions/clustermeshLeave';
import { createClustermeshReadAction } from './actions/clustermeshRead';
import { createClustermeshWaitAction } from './actions/clustermeshWait';
import { createMeshPlanAction } from './actions/meshPlan';
import { createMeshPreflightAction } from './actions/meshPreflight';
import { createMeshRegisterAction } from './actions/meshRegister';
import { createServiceGlobalAction } from './actions/serviceGlobal';
import { createMeshToolkit } from './services/toolkit';

export const scaffolderModuleCiliumClusterMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'cilium-clustermesh',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, config, auth, discovery, logger }) {
        const toolkit = createMeshToolkit({ config, auth, discovery, logger });
        scaffolderActions.addActions(
          createMeshPreflightAction(),
          createMeshPlanAction(toolkit),
          createAksProvisionAction(toolkit),
          createCiliumInstallAction(toolkit),
          createClustermeshConnectAction(toolkit),
          createClustermeshWaitAction(toolkit),
          createMeshRegisterAction(toolkit),
          createClustermeshReadAction(toolkit),
          createClustermeshLeaveAction(toolkit),
          createServiceGlobalAction(toolkit),
        );
      },
    });
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMeshPreflightAction } from './actions/meshPreflight';

export const scaffolderModuleCiliumClusterMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'cilium-clustermesh',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions(createMeshPreflightAction());
      },
    });
  },
});

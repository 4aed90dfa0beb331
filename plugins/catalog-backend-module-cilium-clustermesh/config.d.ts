import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The catalog entity provider for Cilium ClusterMesh: one Resource per
       * mesh and one per cluster, read from the cilium-clustermesh backend.
       */
      ciliumClusterMesh?: {
        /**
         * How often the meshes are read; defaults to every 60 seconds with a
         * 2 minute timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Entity ref of the owner of every provided Resource; a bare name is
         * a group in the default namespace. Defaults to
         * `group:default/platform`.
         */
        owner?: string;
      };
    };
  };
}

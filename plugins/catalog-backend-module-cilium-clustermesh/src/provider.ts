import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { meshEntities, MeshInput } from './entities';

export const PROVIDER_NAME = 'cilium-clustermesh';
export const REFRESH_TASK_ID = `${PROVIDER_NAME}:refresh`;

export interface MeshSource {
  readMeshes(signal?: AbortSignal): Promise<MeshInput[]>;
}

export interface CiliumClusterMeshEntityProviderOptions {
  source: MeshSource;
  logger: LoggerService;
  taskRunner: SchedulerServiceTaskRunner;
  owner: string;
}

/** Provides a Resource for every mesh the cilium-clustermesh backend knows and for each of its clusters. */
export class CiliumClusterMeshEntityProvider implements EntityProvider {
  readonly #options: CiliumClusterMeshEntityProviderOptions;
  #connection?: EntityProviderConnection;

  constructor(options: CiliumClusterMeshEntityProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#options.taskRunner.run({
      id: REFRESH_TASK_ID,
      fn: signal => this.refresh(signal),
    });
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    const { logger, owner, source } = this.#options;
    if (!this.#connection) {
      throw new Error(`${PROVIDER_NAME} entity provider is not connected`);
    }
    let meshes: MeshInput[];
    try {
      meshes = await source.readMeshes(signal);
    } catch (error) {
      // A full mutation of nothing would delete every mesh and cluster
      // entity while the backend is merely down or restarting.
      logger.warn(
        `Could not read meshes from the cilium-clustermesh backend; keeping the entities of the last successful run: ${error}`,
      );
      return;
    }
    const entities = meshEntities(meshes, { owner });
    await this.#connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: entity.metadata.annotations![ANNOTATION_LOCATION],
      })),
    });
    logger.info(
      `Provided ${entities.length} entities for ${meshes.length} meshes`,
    );
  }
}

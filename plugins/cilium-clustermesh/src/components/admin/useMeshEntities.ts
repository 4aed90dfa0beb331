import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CLUSTERMESH_RESOURCE_TYPE,
  getClusterMeshName,
} from '@meshportal/plugin-cilium-clustermesh-common';
import useAsync from 'react-use/esm/useAsync';

/** Mesh name → its catalog Resource; the first one wins if a mesh has several. */
export type MeshEntities = ReadonlyMap<string, Entity>;

const NO_ENTITIES: MeshEntities = new Map();

export function indexMeshEntities(entities: Entity[]): MeshEntities {
  const byMesh = new Map<string, Entity>();
  for (const entity of entities) {
    const mesh = getClusterMeshName(entity);
    if (mesh !== undefined && !byMesh.has(mesh)) byMesh.set(mesh, entity);
  }
  return byMesh;
}

/**
 * Every mesh Resource of the catalog, read once for the whole table rather
 * than once per mesh. A failure leaves the meshes without links and says so.
 */
export function useMeshEntities(): {
  entities: MeshEntities;
  error?: Error;
} {
  const catalogApi = useApi(catalogApiRef);
  const { value, error } = useAsync(async () => {
    const response = await catalogApi.getEntities({
      filter: { kind: 'Resource', 'spec.type': CLUSTERMESH_RESOURCE_TYPE },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
      ],
    });
    return indexMeshEntities(response.items);
  }, [catalogApi]);
  return { entities: value ?? NO_ENTITIES, error };
}

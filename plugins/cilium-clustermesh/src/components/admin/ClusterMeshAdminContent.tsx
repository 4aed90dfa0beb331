import {
  Content,
  ContentHeader,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { MeshActions, MeshListError, NoMeshes } from './adminPanels';
import { MeshesTable } from './MeshesTable';
import { MeshFilters } from './MeshFilters';
import { filterMeshRows, MeshFilter, NO_FILTER, toMeshRows } from './meshRows';
import { useMeshEntities } from './useMeshEntities';

/**
 * Every mesh the portal knows, with its health, problems and last change.
 * Without page and header: the new frontend system's page supplies them,
 * ClusterMeshAdminPage does for the legacy one. Its own `Content`, because
 * the new system's page layout adds no padding.
 */
export function ClusterMeshAdminContent() {
  const api = useApi(clusterMeshApiRef);
  const meshes = useAsync(() => api.listMeshes(), [api]);
  const catalog = useMeshEntities();
  const [filter, setFilter] = useState<MeshFilter>(NO_FILTER);
  const rows = useMemo(() => toMeshRows(meshes.value ?? []), [meshes.value]);
  const shown = useMemo(() => filterMeshRows(rows, filter), [rows, filter]);

  let body;
  if (meshes.loading) {
    body = <Progress />;
  } else if (meshes.error) {
    body = <MeshListError error={meshes.error} />;
  } else if (rows.length === 0) {
    body = <NoMeshes />;
  } else {
    body = (
      <>
        {catalog.error && (
          <Box mb={2}>
            <WarningPanel
              severity="info"
              title="Mesh names are not linked to the catalog"
              message={`The catalog could not be read: ${catalog.error.message}`}
            />
          </Box>
        )}
        <MeshFilters filter={filter} onChange={setFilter} />
        <MeshesTable
          rows={shown}
          total={rows.length}
          entities={catalog.entities}
        />
      </>
    );
  }

  return (
    <Content>
      <ContentHeader title="Meshes">
        <MeshActions />
      </ContentHeader>
      {body}
    </Content>
  );
}

import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { HealthLabel } from '../shared/states';
import { compareMeshRows, MeshRow } from './meshRows';
import type { MeshEntities } from './useMeshEntities';

export const MESHES_PAGE_SIZE = 20;

export interface MeshesTableProps {
  /** Already filtered. */
  rows: MeshRow[];
  /** How many meshes there are before filtering. */
  total: number;
  entities: MeshEntities;
}

const useStyles = makeStyles(theme => ({
  secondary: { display: 'block', color: theme.palette.text.secondary },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** The mesh's title and name; a link to its catalog entity when there is one. */
function MeshCell(props: { row: MeshRow; entities: MeshEntities }) {
  const { row, entities } = props;
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  const entity = entities.get(row.name);
  const label = row.title ?? row.name;
  return (
    <>
      {entity ? (
        <Link to={entityRoute(entityRouteParams(entity))}>{label}</Link>
      ) : (
        <span>{label}</span>
      )}
      {row.title !== undefined && (
        <Typography variant="caption" className={classes.secondary}>
          {row.name}
        </Typography>
      )}
    </>
  );
}

function useColumns(entities: MeshEntities): TableColumn<MeshRow>[] {
  const classes = useStyles();
  return useMemo(
    () => [
      {
        title: 'Mesh',
        field: 'name',
        customSort: compareMeshRows.name,
        render: row => <MeshCell row={row} entities={entities} />,
      },
      {
        title: 'Health',
        field: 'health',
        customSort: compareMeshRows.health,
        render: row => <HealthLabel health={row.health} />,
      },
      {
        title: 'Problems',
        field: 'problems',
        customSort: compareMeshRows.problems,
      },
      {
        title: 'Clusters',
        field: 'clusters',
        customSort: compareMeshRows.clusters,
        render: row => <span className={classes.nowrap}>{row.clusters}</span>,
      },
      {
        title: 'Links',
        field: 'links',
        customSort: compareMeshRows.links,
        render: row => <span className={classes.nowrap}>{row.links}</span>,
      },
      {
        title: 'Data age',
        field: 'dataAge',
        customSort: compareMeshRows.dataAge,
      },
      {
        title: 'Last change',
        field: 'lastChange',
        customSort: compareMeshRows.lastChange,
      },
      {
        title: 'Source',
        field: 'sourceText',
        customSort: compareMeshRows.source,
      },
    ],
    [classes, entities],
  );
}

/** Every mesh with its health at a glance; sortable, paged above 20 meshes. */
export function MeshesTable(props: MeshesTableProps) {
  const { rows, total, entities } = props;
  const columns = useColumns(entities);
  return (
    <Table<MeshRow>
      title={
        rows.length === total
          ? `Meshes (${total})`
          : `Meshes (${rows.length} of ${total})`
      }
      data={rows}
      columns={columns}
      options={{
        paging: rows.length > MESHES_PAGE_SIZE,
        pageSize: MESHES_PAGE_SIZE,
        pageSizeOptions: [MESHES_PAGE_SIZE, 50, 100],
        search: false,
        padding: 'dense',
      }}
      localization={{
        body: { emptyDataSourceMessage: 'No mesh matches the filter' },
      }}
    />
  );
}

import { Link, Table, TableColumn } from '@backstage/core-components';
import MuiLink from '@material-ui/core/Link';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ClusterStatus } from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo } from 'react';
import type { MeshSelection } from '../mesh/selection';
import { HealthLabel } from '../shared/states';
import {
  ClusterRow,
  compareHealth,
  isFocusRow,
  NOT_KNOWN,
  toClusterRow,
} from './clusterRows';
import type { ClusterLinks } from './links';

export const CLUSTERS_PAGE_SIZE = 20;

export interface ClustersTableProps {
  mesh: string;
  clusters: ClusterStatus[];
  links: ClusterLinks;
  /** The cluster a cluster's entity page is about (mesh or Cilium name). */
  focus?: string;
  onSelect(selection: MeshSelection): void;
}

const useStyles = makeStyles(theme => ({
  secondary: { display: 'block', color: theme.palette.text.secondary },
  problem: { display: 'block', color: theme.palette.error.main },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** A table row with the links resolved, so rendering does not fill templates again. */
type LinkedRow = ClusterRow & { hubbleUiUrl?: string; azurePortalUrl?: string };

function ExternalCell(props: { url?: string; label: string; cluster: string }) {
  if (!props.url) return <>{NOT_KNOWN}</>;
  return (
    <Link to={props.url} aria-label={`${props.label} of ${props.cluster}`}>
      {props.label}
    </Link>
  );
}

function useColumns(
  rows: LinkedRow[],
  focus: string | undefined,
  onSelect: ClustersTableProps['onSelect'],
): TableColumn<LinkedRow>[] {
  const classes = useStyles();
  const hasHubble = rows.some(row => row.hubbleUiUrl);
  const hasPortal = rows.some(row => row.azurePortalUrl);
  return useMemo(() => {
    const columns: TableColumn<LinkedRow>[] = [
      {
        title: 'Cluster',
        field: 'name',
        render: row => (
          <>
            <MuiLink
              component="button"
              variant="body2"
              onClick={() => onSelect({ kind: 'cluster', cluster: row.name })}
            >
              {row.name}
            </MuiLink>
            {isFocusRow(row, focus) && (
              <Typography variant="caption" className={classes.secondary}>
                This cluster
              </Typography>
            )}
            {row.ciliumName && (
              <Typography variant="caption" className={classes.secondary}>
                Cilium name: {row.ciliumName}
              </Typography>
            )}
            {row.problem && (
              <Typography variant="caption" className={classes.problem}>
                {row.problem}
              </Typography>
            )}
          </>
        ),
      },
      {
        title: 'Health',
        field: 'health',
        customSort: compareHealth,
        cellStyle: { whiteSpace: 'nowrap' },
        render: row => <HealthLabel health={row.health} />,
      },
      {
        title: 'Cluster ID',
        field: 'clusterId',
        customSort: (a, b) => a.clusterIdNumber - b.clusterIdNumber,
      },
      { title: 'Cilium', field: 'version' },
      {
        title: 'Agents',
        field: 'agents',
        customSort: (a, b) => a.agentsReadyShare - b.agentsReadyShare,
        render: row => <span className={classes.nowrap}>{row.agents}</span>,
      },
      { title: 'Routing', field: 'routing' },
      { title: 'kube-proxy replacement', field: 'kubeProxyReplacement' },
      { title: 'Encryption', field: 'encryption' },
      {
        title: 'Pod CIDRs',
        field: 'podCidrs',
        cellStyle: { whiteSpace: 'nowrap' },
      },
      {
        title: 'clustermesh-apiserver',
        field: 'apiserverAddress',
        cellStyle: { whiteSpace: 'nowrap' },
        render: row => (
          <>
            {row.apiserverAddress}
            {row.apiserverState && (
              <Typography variant="caption" className={classes.secondary}>
                {row.apiserverState}
              </Typography>
            )}
          </>
        ),
      },
    ];
    if (hasHubble) {
      columns.push({
        title: 'Hubble UI',
        field: 'hubbleUiUrl',
        sorting: false,
        searchable: false,
        render: row => (
          <ExternalCell
            url={row.hubbleUiUrl}
            label="Hubble UI"
            cluster={row.name}
          />
        ),
      });
    }
    if (hasPortal) {
      columns.push({
        title: 'Azure portal',
        field: 'azurePortalUrl',
        sorting: false,
        searchable: false,
        render: row => (
          <ExternalCell
            url={row.azurePortalUrl}
            label="Azure portal"
            cluster={row.name}
          />
        ),
      });
    }
    return columns;
  }, [classes, focus, onSelect, hasHubble, hasPortal]);
}

/** Every cluster of the mesh with its Cilium setup; unreadable clusters say why. */
export function ClustersTable(props: ClustersTableProps) {
  const { mesh, clusters, links, focus, onSelect } = props;
  const theme = useTheme();
  const rows = useMemo<LinkedRow[]>(
    () =>
      clusters.map(cluster => ({
        ...toClusterRow(cluster),
        hubbleUiUrl: links.hubbleUi(mesh, cluster.name),
        azurePortalUrl: links.azurePortal(mesh, cluster.name),
      })),
    [mesh, clusters, links],
  );
  const columns = useColumns(rows, focus, onSelect);
  return (
    <Table<LinkedRow>
      title={`Clusters (${clusters.length})`}
      data={rows}
      columns={columns}
      options={{
        paging: clusters.length > CLUSTERS_PAGE_SIZE,
        pageSize: CLUSTERS_PAGE_SIZE,
        pageSizeOptions: [CLUSTERS_PAGE_SIZE, 50, 100],
        search: true,
        padding: 'dense',
        // Columns stay where they are: dragging them costs every sort a
        // drag-and-drop context over the header, and nobody asked for it.
        draggable: false,
        // Each click flips the order; a third click does not silently undo the sort.
        thirdSortClick: false,
        rowStyle: (row: LinkedRow) =>
          isFocusRow(row, focus)
            ? { backgroundColor: theme.palette.action.selected }
            : {},
      }}
    />
  );
}

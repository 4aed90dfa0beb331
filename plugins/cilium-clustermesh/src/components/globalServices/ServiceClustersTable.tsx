import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { GlobalServiceInCluster } from '@meshportal/plugin-cilium-clustermesh-common';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The cells after the cluster name, in words; a cluster that could not be read says so in each. */
export function clusterCells(entry: GlobalServiceInCluster): string[] {
  if (entry.unknown) {
    return [
      'Unknown (unreachable)',
      'Unknown',
      'Unknown',
      'Unknown',
      'Unknown',
    ];
  }
  if (!entry.present) return ['No', '—', '—', '—', '—'];
  const global = entry.global
    ? `Yes${entry.namespaceGlobal ? '' : ' (namespace not global)'}`
    : 'No';
  // shared and affinity mean nothing where the Service is not global.
  return [
    'Yes',
    global,
    entry.global ? yesNo(entry.shared) : '—',
    entry.global ? entry.affinity : '—',
    String(entry.readyBackends),
  ];
}

const HEADERS = ['Present', 'Global', 'Shared', 'Affinity', 'Ready backends'];

/** Where a Service runs and how each copy is annotated. */
export function ServiceClustersTable(props: {
  clusters: GlobalServiceInCluster[];
  label: string;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell scope="col">Cluster</TableCell>
          {HEADERS.map(header => (
            <TableCell key={header} scope="col">
              {header}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.clusters.map(entry => (
          <TableRow key={entry.cluster}>
            <TableCell component="th" scope="row">
              {entry.cluster}
            </TableCell>
            {clusterCells(entry).map((cell, i) => (
              <TableCell key={HEADERS[i]}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  clusterMeshRefreshPermission,
  ConnectionState,
  MeshDetail,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { formatAge, formatTime } from '../shared/format';
import {
  CONNECTION_STATE_ORDER,
  CONNECTION_STATE_TEXT,
  HealthLabel,
} from '../shared/states';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(3),
    padding: theme.spacing(2),
    background: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
  },
  fact: { display: 'flex', flexDirection: 'column' },
  spacer: { flexGrow: 1 },
}));

const count = (n: number) => n.toLocaleString('en-US');

function plural(n: number, one: string, many = `${one}s`) {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "6 links: 5 Ready, 1 Degraded": counts by state, worst states named first. */
export function describeConnectionCounts(
  counts: MeshDetail['connectionCounts'],
): string {
  const parts = (Object.keys(CONNECTION_STATE_ORDER) as ConnectionState[])
    .filter(state => counts[state] > 0)
    .map(state => `${count(counts[state])} ${CONNECTION_STATE_TEXT[state]}`);
  return `${plural(counts.total, 'link')}${
    parts.length ? `: ${parts.join(', ')}` : ''
  }`;
}

function describeProblems(problems: MeshDetail['problems']): string {
  const errors = problems.filter(p => p.severity === 'error').length;
  const warnings = problems.filter(p => p.severity === 'warning').length;
  const notes = problems.length - errors - warnings;
  if (!problems.length) return 'No problems';
  return [
    errors && plural(errors, 'error'),
    warnings && plural(warnings, 'warning'),
    notes && plural(notes, 'note'),
  ]
    .filter(Boolean)
    .join(', ');
}

/** Health rollup, counts, how old the data is, and a refresh that reads every cluster now. */
export function MeshHeader(props: {
  detail: MeshDetail;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { detail, refreshing, onRefresh } = props;
  const classes = useStyles();
  const { allowed: mayRefresh } = usePermission({
    permission: clusterMeshRefreshPermission,
  });
  const healthy = detail.clusters.filter(c => c.health === 'healthy').length;
  return (
    <Box className={classes.root} component="section" aria-label="Mesh summary">
      <div className={classes.fact}>
        <Typography variant="overline">Mesh {detail.mesh}</Typography>
        <Typography variant="h5" component="p">
          <HealthLabel health={detail.health} />
        </Typography>
      </div>
      <div className={classes.fact}>
        <Typography variant="overline">Clusters</Typography>
        <Typography>
          {plural(detail.clusters.length, 'cluster')} ({count(healthy)} healthy)
        </Typography>
      </div>
      <div className={classes.fact}>
        <Typography variant="overline">Connections</Typography>
        <Typography>
          {describeConnectionCounts(detail.connectionCounts)}
        </Typography>
      </div>
      <div className={classes.fact}>
        <Typography variant="overline">Problems</Typography>
        <Typography>{describeProblems(detail.problems)}</Typography>
      </div>
      <div className={classes.fact}>
        <Typography variant="overline">Data age</Typography>
        <Typography title={`Observed ${formatTime(detail.observedAt)}`}>
          Read {formatAge(detail.ageSeconds)} ago
        </Typography>
      </div>
      <div className={classes.spacer} />
      <Button
        variant="outlined"
        color="primary"
        startIcon={<RefreshIcon />}
        onClick={onRefresh}
        disabled={refreshing || !mayRefresh}
        title={
          mayRefresh
            ? 'Read every cluster of the mesh now'
            : `You need the permission ${clusterMeshRefreshPermission.name} to refresh`
        }
      >
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </Button>
    </Box>
  );
}

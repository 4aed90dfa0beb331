import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  MeshConnection,
  MeshProblem,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo } from 'react';
import { ConnectionStateLabel } from '../shared/states';
import { ConnectionHistory } from './ConnectionHistory';
import { problemsAboutPair } from './detailsModel';
import { LayerFacts } from './LayerFacts';
import { RelatedProblems } from './RelatedProblems';
import { CONNECTION_STATE_MEANING } from './stateMeaning';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
}));

export interface ConnectionDetailsProps {
  mesh: string;
  connection: MeshConnection;
  /** The mesh's problems; those about this pair are picked out. */
  problems: MeshProblem[];
  /** Reloads the history when it changes (after a refresh of the mesh). */
  refreshKey?: unknown;
}

/** One direction, as cilium-cli's status would print it, with what to do next. */
export function ConnectionDetails(props: ConnectionDetailsProps) {
  const classes = useStyles();
  const { mesh, connection, problems } = props;
  const { from, to } = connection;
  const pairProblems = useMemo(
    () => problemsAboutPair(problems, from, to),
    [problems, from, to],
  );
  return (
    <section aria-label={`Connection ${from} to ${to}`}>
      <Typography variant="h6" component="h2">
        {from} → {to}
      </Typography>
      <Typography variant="body2" component="div">
        <ConnectionStateLabel state={connection.state} />:{' '}
        {CONNECTION_STATE_MEANING[connection.state]}.
      </Typography>
      <Typography variant="body2">
        How {from} sees {to}. {from}'s Cilium configuration{' '}
        {connection.configured ? 'names' : 'does not name'} {to}.
      </Typography>

      <Grid container spacing={2} className={classes.section}>
        <Grid item xs={12} md={6}>
          <LayerFacts
            title={`Cilium agents of ${from}`}
            layer={connection.agents}
            absentText={`No agent metrics: the agents of ${from} do not expose them, or ${from} could not be read.`}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <LayerFacts
            title={`KVStoreMesh of ${from}`}
            layer={connection.kvstoremesh}
            absentText={`${from} runs no KVStoreMesh, or could not be read.`}
          />
        </Grid>
      </Grid>

      <section className={classes.section} aria-label="Problems">
        <Typography variant="subtitle1" component="h3">
          Problems between {from} and {to}
        </Typography>
        <RelatedProblems
          problems={pairProblems}
          emptyText={`No problems found between ${from} and ${to}.`}
        />
      </section>

      <section className={classes.section} aria-label="Recent changes">
        <Typography variant="subtitle1" component="h3">
          Recent changes
        </Typography>
        <ConnectionHistory
          mesh={mesh}
          from={from}
          to={to}
          refreshKey={props.refreshKey}
        />
      </section>
    </section>
  );
}

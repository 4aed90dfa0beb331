import { WarningPanel } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  ClusterStatus,
  MeshProblem,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo } from 'react';
import { formatTime } from '../shared/format';
import { HealthLabel } from '../shared/states';
import { ciliumFacts, problemsAboutCluster } from './detailsModel';
import { FactsTable } from './LayerFacts';
import { RelatedProblems } from './RelatedProblems';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

export interface ClusterDetailsProps {
  mesh: string;
  cluster: ClusterStatus;
  /** The mesh's problems; those about this cluster are picked out. */
  problems: MeshProblem[];
}

/** One cluster: why it could not be read first, then its Cilium and its problems. */
export function ClusterDetails(props: ClusterDetailsProps) {
  const classes = useStyles();
  const { cluster, problems } = props;
  const { name, error, warnings, cilium } = cluster;
  const clusterProblems = useMemo(
    () => problemsAboutCluster(problems, name),
    [problems, name],
  );
  return (
    <section aria-label={`Cluster ${name} of mesh ${props.mesh}`}>
      <Typography variant="h6" component="h2">
        {name}
      </Typography>
      <Typography variant="body2" component="div">
        <HealthLabel health={cluster.health} /> · observed{' '}
        {formatTime(cluster.observedAt)}
      </Typography>

      {error && (
        <div className={classes.section}>
          <WarningPanel
            severity="error"
            title={`${name} could not be read`}
            message={error.message}
            defaultExpanded
          >
            <Typography variant="body2">Kind: {error.kind}</Typography>
            <Typography variant="body2">
              While reading: {error.source}
            </Typography>
          </WarningPanel>
        </div>
      )}

      {warnings.length > 0 && (
        <div className={classes.section}>
          <WarningPanel
            severity="warning"
            title={
              warnings.length === 1
                ? `1 part of ${name} could not be read`
                : `${warnings.length} parts of ${name} could not be read`
            }
          >
            <ul className={classes.list}>
              {warnings.map(warning => (
                <li key={`${warning.source}:${warning.message}`}>
                  <Typography variant="body2">
                    {warning.source}: {warning.message} ({warning.kind})
                  </Typography>
                </li>
              ))}
            </ul>
          </WarningPanel>
        </div>
      )}

      <section className={classes.section} aria-label="Cilium">
        <Typography variant="subtitle1" component="h3">
          Cilium
        </Typography>
        {cilium && (
          <FactsTable facts={ciliumFacts(cilium, cluster.configuredPeers)} />
        )}
        {!cilium && error && (
          <Typography variant="body2">
            Unknown while {name} cannot be read.
          </Typography>
        )}
        {!cilium && !error && (
          <Typography variant="body2">
            Cilium is not installed in {name}: it has no cilium-config
            ConfigMap.
          </Typography>
        )}
      </section>

      <section className={classes.section} aria-label="Problems">
        <Typography variant="subtitle1" component="h3">
          Problems of {name}
        </Typography>
        <RelatedProblems
          problems={clusterProblems}
          emptyText={`No problems found for ${name}.`}
        />
      </section>
    </section>
  );
}

import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  getGlobalServiceRef,
  GLOBAL_SERVICE_ANNOTATION,
  GlobalServiceRef,
  GlobalServiceStatus,
  MeshDetail,
} from '@meshportal/plugin-cilium-clustermesh-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { GlobalServiceLoadError } from './GlobalServiceLoadError';
import { loadGlobalServices } from './loadGlobalServices';
import { concernsText, presenceText } from './presenceText';
import { RoutingPreview } from './RoutingPreview';
import { ServiceClustersTable } from './ServiceClustersTable';
import { problemsForService } from './serviceProblems';
import { ServiceProblemsList } from './ServiceProblemsList';
import { toServiceRow } from './serviceRows';

/** Above this many, clusters without the Service are counted rather than named. */
const NAMED_ABSENT_CLUSTERS = 10;

const useStyles = makeStyles(theme => ({
  heading: { marginTop: theme.spacing(2), marginBottom: theme.spacing(1) },
}));

function readServiceRef(entity: Parameters<typeof getGlobalServiceRef>[0]): {
  ref?: GlobalServiceRef;
  error?: Error;
} {
  try {
    return { ref: getGlobalServiceRef(entity) };
  } catch (error) {
    return { error: error as Error };
  }
}

/** On a Component's page: where its global Service runs and where its clients are sent. */
export function GlobalServiceCard() {
  const { entity } = useEntity();
  const { ref, error } = readServiceRef(entity);
  if (error) {
    return (
      <InfoCard title="Global service">
        <WarningPanel
          severity="error"
          title={`Invalid ${GLOBAL_SERVICE_ANNOTATION} annotation`}
          message={error.message}
        />
      </InfoCard>
    );
  }
  if (!ref) {
    return (
      <MissingAnnotationEmptyState annotation={GLOBAL_SERVICE_ANNOTATION} />
    );
  }
  return <GlobalServiceStatusCard serviceRef={ref} />;
}

function GlobalServiceStatusCard(props: { serviceRef: GlobalServiceRef }) {
  const { mesh, namespace, name } = props.serviceRef;
  const api = useApi(clusterMeshApiRef);
  const loaded = useAsyncRetry(async () => {
    const [services, detail] = await Promise.all([
      loadGlobalServices(api, mesh, namespace),
      api.getMesh(mesh),
    ]);
    const service = services.find(
      s => s.namespace === namespace && s.name === name,
    );
    return { service, detail };
  }, [api, mesh, namespace, name]);

  let body;
  if (loaded.error) {
    body = (
      <>
        <GlobalServiceLoadError mesh={mesh} error={loaded.error} />
        <Button onClick={loaded.retry}>Try again</Button>
      </>
    );
  } else if (!loaded.value) {
    body = <Progress />;
  } else if (!loaded.value.service) {
    body = (
      <ServiceNotFound
        serviceRef={props.serviceRef}
        detail={loaded.value.detail}
      />
    );
  } else {
    body = (
      <ServiceStatus
        service={loaded.value.service}
        detail={loaded.value.detail}
      />
    );
  }
  return (
    <InfoCard
      title="Global service"
      subheader={`${namespace}/${name} in ${mesh}`}
    >
      {body}
    </InfoCard>
  );
}

function ServiceNotFound(props: {
  serviceRef: GlobalServiceRef;
  detail: MeshDetail;
}) {
  const { mesh, namespace, name } = props.serviceRef;
  const unreadable = props.detail.clusters.filter(c => c.error);
  return (
    <>
      <Typography variant="subtitle1" gutterBottom>
        {namespace}/{name} is not a global service in {mesh} (no cluster has it)
      </Typography>
      <Typography variant="body2">
        No readable cluster has Service {namespace}/{name} annotated
        service.cilium.io/global: "true". Check the annotation on the Service,
        or the {GLOBAL_SERVICE_ANNOTATION} annotation on this entity.
        {unreadable.length > 0 &&
          ` ${unreadable
            .map(c => c.name)
            .join(', ')} could not be read, so the Service may be there.`}
      </Typography>
    </>
  );
}

function absentText(
  service: GlobalServiceStatus,
  clusters: string[],
): string | undefined {
  const listed = new Set(service.clusters.map(entry => entry.cluster));
  const absent = clusters.filter(cluster => !listed.has(cluster));
  if (!absent.length) return undefined;
  return absent.length > NAMED_ABSENT_CLUSTERS
    ? `Not present in ${absent.length} other clusters.`
    : `Not present in ${absent.join(', ')}.`;
}

function ServiceStatus(props: {
  service: GlobalServiceStatus;
  detail: MeshDetail;
}) {
  const { service, detail } = props;
  const classes = useStyles();
  const row = toServiceRow(service);
  const clusterNames = detail.clusters.map(cluster => cluster.name);
  const absent = absentText(service, clusterNames);
  const problems = problemsForService(detail.problems, service);
  return (
    <>
      <Typography variant="body1" gutterBottom>
        Present {presenceText(row, clusterNames.length)}
        {absent && ` — ${absent}`}
      </Typography>
      {row.concerns.length > 0 && (
        <Typography variant="body2" gutterBottom>
          {concernsText(row)}
        </Typography>
      )}
      <ServiceClustersTable
        clusters={service.clusters}
        label={`Clusters of ${row.key}`}
      />
      <Typography variant="h6" component="h3" className={classes.heading}>
        Where clients are sent
      </Typography>
      <RoutingPreview routing={service.routing} label={row.key} />
      <Typography variant="h6" component="h3" className={classes.heading}>
        Problems
      </Typography>
      <ServiceProblemsList problems={problems} />
    </>
  );
}

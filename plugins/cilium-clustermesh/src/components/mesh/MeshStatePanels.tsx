import {
  EmptyState,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  clusterMeshReadPermission,
  ClusterStatus,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { Link as RouterLink } from 'react-router-dom';

export const JOIN_TEMPLATE_PATH =
  '/create/templates/default/cilium-clustermesh-join';
export const CREATE_MESH_TEMPLATE_PATH =
  '/create/templates/default/cilium-clustermesh-aks';

function statusOf(error: Error): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}

/** Why a mesh could not be shown: missing permission, unknown mesh, or the error itself. */
export function MeshLoadError(props: { mesh: string; error: Error }) {
  const { mesh, error } = props;
  const status = statusOf(error);
  if (status === 403) {
    return (
      <WarningPanel severity="error" title="Missing permission" defaultExpanded>
        <Typography>
          You are not allowed to read the status of mesh {mesh}: this needs the
          permission <code>{clusterMeshReadPermission.name}</code>. Ask your
          Backstage administrators to grant it to you or your group.
        </Typography>
      </WarningPanel>
    );
  }
  if (status === 404) {
    return (
      <EmptyState
        missing="data"
        title={`Mesh ${mesh} is not known to the portal`}
        description={`The entity names mesh ${mesh} in its cilium.io/clustermesh annotation, but the cilium-clustermesh backend has no such mesh. Define it under ciliumClusterMesh.meshes in app-config, or create it with the "Create a mesh" template.`}
        action={
          <Button
            variant="contained"
            color="primary"
            component={RouterLink}
            to={CREATE_MESH_TEMPLATE_PATH}
          >
            Create a mesh
          </Button>
        }
      />
    );
  }
  return <ResponseErrorPanel error={error} />;
}

export function EmptyMesh(props: { mesh: string }) {
  return (
    <EmptyState
      missing="content"
      title={`Mesh ${props.mesh} has no clusters yet`}
      description="Join an AKS cluster to the mesh with the template: it installs Cilium with the mesh's CA and connects the cluster to every other one."
      action={
        <Button
          variant="contained"
          color="primary"
          component={RouterLink}
          to={JOIN_TEMPLATE_PATH}
        >
          Join a cluster
        </Button>
      }
    />
  );
}

/** Clusters that could not be read are named here; the rest of the mesh still renders. */
export function UnreadableClusters(props: { clusters: ClusterStatus[] }) {
  const unreadable = props.clusters.filter(c => c.error);
  if (!unreadable.length) return null;
  return (
    <WarningPanel
      severity="warning"
      title={`${unreadable.length} of ${props.clusters.length} clusters could not be read`}
      message="What they report is unknown; everything else is current."
    >
      <ul>
        {unreadable.map(cluster => (
          <li key={cluster.name}>
            <strong>{cluster.name}</strong>: {cluster.error!.kind} —{' '}
            {cluster.error!.message} ({cluster.error!.source})
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}

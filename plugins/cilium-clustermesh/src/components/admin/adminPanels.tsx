import {
  EmptyState,
  LinkButton,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { clusterMeshReadPermission } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  CREATE_MESH_TEMPLATE_PATH,
  JOIN_TEMPLATE_PATH,
} from '../mesh/MeshStatePanels';

export function CreateMeshButton(props: {
  variant?: 'contained' | 'outlined';
}) {
  return (
    <LinkButton
      to={CREATE_MESH_TEMPLATE_PATH}
      variant={props.variant ?? 'contained'}
      color="primary"
    >
      Create a mesh
    </LinkButton>
  );
}

/** Where an admin starts a new mesh or grows one. */
export function MeshActions() {
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <CreateMeshButton />
      <LinkButton to={JOIN_TEMPLATE_PATH} variant="outlined" color="primary">
        Join a cluster
      </LinkButton>
    </Box>
  );
}

export function NoMeshes() {
  return (
    <EmptyState
      missing="content"
      title="No meshes yet"
      description="Create an AKS ClusterMesh with the template, or define one under ciliumClusterMesh.meshes in app-config. Meshes registered by the templates or found in the catalog appear here too."
      action={<CreateMeshButton />}
    />
  );
}

/** A refusal names the permission to ask for; anything else shows the backend's error. */
export function MeshListError(props: { error: Error }) {
  const { error } = props;
  if (error instanceof ResponseError && error.statusCode === 403) {
    return (
      <WarningPanel
        severity="error"
        title={`Missing permission ${clusterMeshReadPermission.name}`}
        defaultExpanded
      >
        <Typography>
          You are not allowed to list the meshes: this needs the permission{' '}
          <code>{clusterMeshReadPermission.name}</code>. Ask your Backstage
          administrators to grant it to you or your group.
        </Typography>
      </WarningPanel>
    );
  }
  return <ResponseErrorPanel error={error} />;
}

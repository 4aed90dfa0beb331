import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import { clusterMeshReadPermission } from '@meshportal/plugin-cilium-clustermesh-common';

export const forbiddenText = () =>
  `You are not allowed to read mesh status (permission ${clusterMeshReadPermission.name})`;

export const unknownMeshText = (mesh: string) =>
  `Mesh ${mesh} is not known to the backend`;

/** A refusal and an unknown mesh are explained; anything else shows the backend's error. */
export function GlobalServiceLoadError(props: { mesh: string; error: Error }) {
  const { mesh, error } = props;
  const status = error instanceof ResponseError ? error.statusCode : undefined;
  if (status === 403) {
    return (
      <WarningPanel
        severity="error"
        title="Missing permission"
        message={forbiddenText()}
        defaultExpanded
      >
        <Typography>
          Ask your Backstage administrators to grant you or your group the
          permission {clusterMeshReadPermission.name}.
        </Typography>
      </WarningPanel>
    );
  }
  if (status === 404) {
    return (
      <WarningPanel
        severity="warning"
        title="Unknown mesh"
        message={unknownMeshText(mesh)}
        defaultExpanded
      >
        <Typography>
          Check the cilium.io/clustermesh annotation, or define mesh {mesh}{' '}
          under ciliumClusterMesh.meshes in app-config.
        </Typography>
      </WarningPanel>
    );
  }
  return <ResponseErrorPanel error={error} />;
}

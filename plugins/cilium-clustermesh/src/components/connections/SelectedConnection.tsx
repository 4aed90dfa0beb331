import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  MeshConnection,
  MeshProblem,
} from '@meshportal/plugin-cilium-clustermesh-common';
import useAsync from 'react-use/esm/useAsync';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { ConnectionDetails } from './ConnectionDetails';

export interface SelectedConnectionProps {
  mesh: string;
  from: string;
  to: string;
  /** Full connections already at hand (the mesh's unhealthy ones): no request for those. */
  known: readonly MeshConnection[];
  problems: MeshProblem[];
  /** Reloads when it changes (after a refresh of the mesh). */
  refreshKey?: unknown;
}

/**
 * The details of the direction picked in the graph or matrix. The graph and
 * matrix hold only summaries, so a healthy direction's failures, pods and
 * remote counts are read when it is picked.
 */
export function SelectedConnection(props: SelectedConnectionProps) {
  const { mesh, from, to, known, refreshKey } = props;
  const api = useApi(clusterMeshApiRef);
  const atHand = known.find(c => c.from === from && c.to === to);
  const { value, loading, error } = useAsync(
    async () =>
      atHand ??
      (await api.listConnections(mesh, { from, to, limit: 1 })).items[0],
    [api, mesh, from, to, atHand, refreshKey],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`The connection ${from} → ${to} could not be loaded: ${error.message}`}
      />
    );
  }
  if (!value) {
    return (
      <Typography color="textSecondary">
        {from} neither names nor sees {to}: there is no connection to show.
      </Typography>
    );
  }
  return (
    <ConnectionDetails
      mesh={mesh}
      connection={value}
      problems={props.problems}
      refreshKey={refreshKey}
    />
  );
}

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { MeshDetail } from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo, useState } from 'react';
import { clusterLinksFromConfig, ClustersTable } from '../clusters';
import {
  ClusterDetails,
  ConnectionMatrix,
  SelectedConnection,
} from '../connections';
import { GlobalServicesTable } from '../globalServices';
import { HistoryTimeline } from '../history';
import { ProblemsPanel } from '../problems';
import { TopologyGraph } from '../topology';
import { MeshHeader } from './MeshHeader';
import {
  EmptyMesh,
  MeshLoadError,
  UnreadableClusters,
} from './MeshStatePanels';
import type { MeshSelection } from './selection';
import { useMeshData } from './useMeshData';

export interface MeshViewProps {
  mesh: string;
  /** On a cluster's entity page: the cluster's Cilium name, highlighted everywhere. */
  focus?: string;
}

/** Everything about one mesh: the mesh tab's content. */
export function MeshView(props: MeshViewProps) {
  const { mesh } = props;
  const data = useMeshData(mesh);
  // Problems and history name clusters as the mesh definition does, which
  // may differ from the Cilium name a cluster entity carries.
  const focus = useMemo(
    () =>
      props.focus === undefined
        ? undefined
        : data.detail?.clusters.find(
            c =>
              c.name === props.focus || c.cilium?.clusterName === props.focus,
          )?.name ?? props.focus,
    [data.detail, props.focus],
  );
  const configApi = useApi(configApiRef);
  const links = useMemo(() => clusterLinksFromConfig(configApi), [configApi]);
  const [picked, setSelected] = useState<MeshSelection>();
  const selected: MeshSelection | undefined =
    picked ?? (focus ? { kind: 'cluster', cluster: focus } : undefined);
  const { detail, connections } = data;
  const clusterNames = useMemo(
    () => detail?.clusters.map(c => c.name) ?? [],
    [detail],
  );

  if (data.error) return <MeshLoadError mesh={mesh} error={data.error} />;
  if (!detail) return <Progress />;
  if (!detail.clusters.length) return <EmptyMesh mesh={mesh} />;

  const pending = data.connectionsError ? (
    <ResponseErrorPanel error={data.connectionsError} />
  ) : (
    <Progress />
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <MeshHeader
          detail={detail}
          refreshing={data.refreshing}
          onRefresh={data.refresh}
        />
      </Grid>
      <Grid item xs={12}>
        <UnreadableClusters clusters={detail.clusters} />
      </Grid>
      <Grid item xs={12} lg={7}>
        <InfoCard
          title="Topology"
          subheader="One arrow per direction: how each cluster sees its peer"
        >
          <div data-testid="topology">
            {connections ? (
              <TopologyGraph
                clusters={detail.clusters}
                connections={connections}
                focus={focus}
                selected={selected}
                onSelect={setSelected}
              />
            ) : (
              pending
            )}
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard title="Details">
          <SelectionDetails
            mesh={mesh}
            selected={selected}
            detail={detail}
            refreshKey={data.version}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Problems">
          <ProblemsPanel problems={detail.problems} focus={focus} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Connections">
          <div data-testid="connection-matrix">
            {connections ? (
              <ConnectionMatrix
                clusters={clusterNames}
                connections={connections}
                selected={selected}
                onSelect={setSelected}
              />
            ) : (
              pending
            )}
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} data-testid="clusters-table">
        <ClustersTable
          mesh={mesh}
          clusters={detail.clusters}
          links={links}
          focus={focus}
          onSelect={setSelected}
        />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Global services">
          <div data-testid="global-services">
            <GlobalServicesTable
              mesh={mesh}
              clusters={clusterNames}
              refreshKey={data.version}
            />
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="History"
          subheader="Connection-state changes, newest first"
        >
          <HistoryTimeline
            mesh={mesh}
            refreshKey={data.version}
            focus={focus}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

function SelectionDetails(props: {
  mesh: string;
  refreshKey: number;
  selected?: MeshSelection;
  detail: MeshDetail;
}) {
  const { mesh, selected, detail, refreshKey } = props;
  if (selected?.kind === 'cluster') {
    const cluster = detail.clusters.find(c => c.name === selected.cluster);
    if (cluster) {
      return (
        <ClusterDetails
          mesh={mesh}
          cluster={cluster}
          problems={detail.problems.filter(p =>
            p.clusters.includes(cluster.name),
          )}
        />
      );
    }
  }
  if (selected?.kind === 'connection') {
    return (
      <SelectedConnection
        mesh={mesh}
        from={selected.from}
        to={selected.to}
        known={detail.unhealthyConnections}
        problems={detail.problems}
        refreshKey={refreshKey}
      />
    );
  }
  return (
    <Typography color="textSecondary">
      Select a cluster or a connection in the graph, the matrix or the table to
      see its details.
    </Typography>
  );
}

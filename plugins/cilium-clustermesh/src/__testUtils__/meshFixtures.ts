import {
  buildGlobalServices,
  buildMeshStatus,
  ClusterObservation,
  ConnectionEvent,
  countConnections,
  GlobalServiceStatus,
  MeshConnection,
  MeshDetail,
  MeshSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { SEED_NOW } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';

/** What the backend would serve for one mesh, built by the same code from observations. */
export interface MeshFixture {
  summary: MeshSummary;
  detail: MeshDetail;
  connections: MeshConnection[];
  globalServices: GlobalServiceStatus[];
  /** Newest first. */
  history: ConnectionEvent[];
}

export interface MeshFixtureOptions {
  title?: string;
  now?: Date;
  /** Seconds between the refresh and `now`. */
  ageSeconds?: number;
  history?: Omit<ConnectionEvent, 'id' | 'mesh'>[];
}

export function meshFixture(
  mesh: string,
  observations: ClusterObservation[],
  options: MeshFixtureOptions = {},
): MeshFixture {
  const now = options.now ?? SEED_NOW;
  const status = buildMeshStatus({
    mesh,
    title: options.title,
    observations,
    now,
  });
  const ageSeconds = options.ageSeconds ?? 12;
  const refreshedAt = new Date(now.getTime() - ageSeconds * 1000).toISOString();
  const age = { refreshedAt, ageSeconds };
  const counts = countConnections(status.connections);
  const history = (options.history ?? [])
    .map((event, i) => ({ ...event, mesh, id: i + 1 }))
    .sort((a, b) => b.at.localeCompare(a.at));
  const count = (severity: string) =>
    status.problems.filter(p => p.severity === severity).length;
  return {
    summary: {
      name: mesh,
      ...(status.title !== undefined && { title: status.title }),
      source: 'config',
      health: status.health,
      observedAt: status.observedAt,
      ...age,
      clusters: {
        total: status.clusters.length,
        healthy: status.clusters.filter(c => c.health === 'healthy').length,
      },
      connections: { total: counts.total, connected: counts.connected },
      problems: {
        error: count('error'),
        warning: count('warning'),
        info: count('info'),
      },
      ...(history[0] && { lastChangeAt: history[0].at }),
    },
    detail: {
      mesh,
      ...(status.title !== undefined && { title: status.title }),
      source: 'config',
      health: status.health,
      observedAt: status.observedAt,
      ...age,
      clusters: status.clusters,
      connectionCounts: counts,
      unhealthyConnections: status.connections.filter(
        c => c.state !== 'connected',
      ),
      problems: status.problems,
    },
    connections: status.connections,
    globalServices: buildGlobalServices(observations, status.connections),
    history,
  };
}

import type { MeshView } from './meshStatusService';

/** When the view was built and how old it is now. */
export function withAge(view: MeshView, now: Date) {
  const ageMs = Math.max(0, now.getTime() - Date.parse(view.refreshedAt));
  return {
    refreshedAt: view.refreshedAt,
    ageSeconds: Math.round(ageMs / 100) / 10,
  };
}

/** One line of the mesh list: health and counts, without the detail. */
export function meshSummary(view: MeshView, now: Date) {
  const { status } = view;
  const count = (severity: string) =>
    status.problems.filter(p => p.severity === severity).length;
  return {
    name: status.mesh,
    ...(status.title !== undefined && { title: status.title }),
    source: view.source,
    health: status.health,
    observedAt: status.observedAt,
    ...withAge(view, now),
    clusters: {
      total: status.clusters.length,
      healthy: status.clusters.filter(c => c.health === 'healthy').length,
    },
    connections: {
      total: status.connections.length,
      connected: status.connections.filter(c => c.state === 'connected').length,
    },
    problems: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
    },
  };
}

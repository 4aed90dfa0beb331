import { countConnections } from '@meshportal/plugin-cilium-clustermesh-common';
import type { Response } from 'express';
import type { MeshView } from './meshStatusService';

/** When the view was built and how old it is now. */
export function withAge(view: MeshView, now: Date) {
  const ageMs = Math.max(0, now.getTime() - Date.parse(view.refreshedAt));
  return {
    refreshedAt: view.refreshedAt,
    ageSeconds: Math.round(ageMs / 100) / 10,
  };
}

const summaries = new WeakMap<MeshView, ReturnType<typeof summarize>>();

/**
 * One line of the mesh list: health and counts, without the detail.
 * `lastChangeAt` is the newest recorded connection-state change, if any.
 */
export function meshSummary(view: MeshView, now: Date, lastChangeAt?: string) {
  let summary = summaries.get(view);
  if (!summary) {
    // Counting 64,770 connections of a 255-cluster mesh is done once per refresh.
    summary = summarize(view);
    summaries.set(view, summary);
  }
  const { observedAt, clusters, connections, problems, ...names } = summary;
  return {
    ...names,
    observedAt,
    ...withAge(view, now),
    clusters,
    connections,
    problems,
    ...(lastChangeAt !== undefined && { lastChangeAt }),
  };
}

function summarize(view: MeshView) {
  const { status } = view;
  const { total, connected } = countConnections(status.connections);
  const count = (severity: string) =>
    status.problems.filter(p => p.severity === severity).length;
  return {
    name: status.mesh,
    ...(status.title !== undefined && { title: status.title }),
    source: view.source,
    health: status.health,
    observedAt: status.observedAt,
    clusters: {
      total: status.clusters.length,
      healthy: status.clusters.filter(c => c.health === 'healthy').length,
    },
    connections: { total, connected },
    problems: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
    },
  };
}

const serializedParts = new WeakMap<MeshView, Map<string, string>>();

/**
 * Sends `part` of a view plus its age. A 255-cluster mesh serialises to tens
 * of megabytes, so each part is stringified once per refresh, not per GET.
 * With `validate` the same bytes go through `res.json`, where the OpenAPI
 * validator checks them.
 */
export function sendViewPart(
  res: Response,
  view: MeshView,
  now: Date,
  part: { build: () => object; /** Without one, not kept. */ key?: string },
  validate: boolean,
): void {
  let parts = serializedParts.get(view);
  if (!parts) {
    parts = new Map();
    serializedParts.set(view, parts);
  }
  let inner = part.key === undefined ? undefined : parts.get(part.key);
  if (inner === undefined) {
    inner = JSON.stringify(part.build()).slice(1, -1);
    if (part.key !== undefined) parts.set(part.key, inner);
  }
  const { refreshedAt, ageSeconds } = withAge(view, now);
  const body = `{"refreshedAt":${JSON.stringify(
    refreshedAt,
  )},"ageSeconds":${ageSeconds}${inner ? `,${inner}` : ''}}`;
  if (validate) {
    res.json(JSON.parse(body));
  } else {
    res.type('application/json').send(body);
  }
}

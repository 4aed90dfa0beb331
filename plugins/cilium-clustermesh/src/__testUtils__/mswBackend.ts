import { encodeConnectionGrid } from '@meshportal/plugin-cilium-clustermesh-common';
import { http, HttpResponse } from 'msw';
import type { MeshFixture } from './meshFixtures';

/** Where `mockApis.discovery()` places the backend. */
export const TEST_BACKEND_URL = 'http://example.com/api/cilium-clustermesh';

export interface MockBackendOptions {
  /** Where the backend answers; a new-system test app discovers it under backend.baseUrl. */
  baseUrl?: string;
  /** Every route answers 403 as the backend does without the read permission. */
  forbidden?: boolean;
  /** Called for each refresh; returns the fixture the mesh has afterwards. */
  onRefresh?: (mesh: string) => MeshFixture | undefined;
}

/** The body Backstage's error handler sends. */
function errorBody(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/**
 * msw handlers that answer like the cilium-clustermesh backend for the
 * given meshes: same routes, paging and filters, errors in Backstage's shape.
 */
export function mockClusterMeshBackend(
  meshes: Record<string, MeshFixture>,
  options: MockBackendOptions = {},
) {
  const base = options.baseUrl ?? TEST_BACKEND_URL;
  const meshOf = (name: string) => {
    if (options.forbidden) {
      return errorBody(
        403,
        'NotAllowedError',
        'Missing permission cilium-clustermesh.mesh.read',
      );
    }
    const fixture = meshes[name];
    return fixture ?? errorBody(404, 'NotFoundError', `No mesh named ${name}`);
  };
  const page = (url: URL) => {
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return <T>(items: T[]) => items.slice(offset, offset + limit);
  };

  return [
    http.get(`${base}/meshes`, () =>
      options.forbidden
        ? errorBody(
            403,
            'NotAllowedError',
            'Missing permission cilium-clustermesh.mesh.read',
          )
        : HttpResponse.json({
            items: Object.values(meshes).map(m => m.summary),
          }),
    ),
    http.get(`${base}/meshes/:mesh`, ({ params }) => {
      const fixture = meshOf(String(params.mesh));
      return fixture instanceof Response
        ? fixture
        : HttpResponse.json(fixture.detail);
    }),
    http.post(`${base}/meshes/:mesh/refresh`, ({ params }) => {
      const name = String(params.mesh);
      const fixture = meshOf(name);
      if (fixture instanceof Response) return fixture;
      const next = options.onRefresh?.(name) ?? fixture;
      meshes[name] = next;
      return HttpResponse.json(next.detail);
    }),
    http.get(`${base}/meshes/:mesh/connections`, ({ params, request }) => {
      const fixture = meshOf(String(params.mesh));
      if (fixture instanceof Response) return fixture;
      const url = new URL(request.url);
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      const state = url.searchParams.get('state');
      const matching = fixture.connections.filter(
        c =>
          (!from || c.from === from) &&
          (!to || c.to === to) &&
          (!state || c.state === state),
      );
      return HttpResponse.json({
        items: page(url)(matching),
        total: matching.length,
        refreshedAt: fixture.detail.refreshedAt,
        ageSeconds: fixture.detail.ageSeconds,
      });
    }),
    http.get(`${base}/meshes/:mesh/connection-grid`, ({ params }) => {
      const fixture = meshOf(String(params.mesh));
      if (fixture instanceof Response) return fixture;
      return HttpResponse.json({
        ...encodeConnectionGrid(
          fixture.detail.clusters.map(c => c.name),
          fixture.connections,
        ),
        refreshedAt: fixture.detail.refreshedAt,
        ageSeconds: fixture.detail.ageSeconds,
      });
    }),
    http.get(`${base}/meshes/:mesh/global-services`, ({ params, request }) => {
      const fixture = meshOf(String(params.mesh));
      if (fixture instanceof Response) return fixture;
      const url = new URL(request.url);
      const namespace = url.searchParams.get('namespace');
      const matching = fixture.globalServices.filter(
        s => !namespace || s.namespace === namespace,
      );
      return HttpResponse.json({
        items: page(url)(matching),
        total: matching.length,
        observedAt: fixture.detail.observedAt,
        refreshedAt: fixture.detail.refreshedAt,
        ageSeconds: fixture.detail.ageSeconds,
      });
    }),
    http.get(`${base}/meshes/:mesh/clusters/:cluster`, ({ params }) => {
      const fixture = meshOf(String(params.mesh));
      if (fixture instanceof Response) return fixture;
      const name = String(params.cluster);
      const cluster = fixture.detail.clusters.find(c => c.name === name);
      if (!cluster) {
        return errorBody(404, 'NotFoundError', `No cluster named ${name}`);
      }
      return HttpResponse.json({
        mesh: fixture.detail.mesh,
        cluster,
        connections: fixture.connections.filter(
          c => c.from === name || c.to === name,
        ),
        problems: fixture.detail.problems.filter(p =>
          p.clusters.includes(name),
        ),
        refreshedAt: fixture.detail.refreshedAt,
        ageSeconds: fixture.detail.ageSeconds,
      });
    }),
    http.get(`${base}/meshes/:mesh/history`, ({ params, request }) => {
      const fixture = meshOf(String(params.mesh));
      if (fixture instanceof Response) return fixture;
      const url = new URL(request.url);
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const items = fixture.history
        .filter(e => (!from || e.from === from) && (!to || e.to === to))
        .slice(0, limit);
      return HttpResponse.json({ items });
    }),
  ];
}

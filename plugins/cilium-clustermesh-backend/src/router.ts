import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  clusterMeshReadPermission,
  clusterMeshRefreshPermission,
  countConnections,
  encodeConnectionGrid,
} from '@meshportal/plugin-cilium-clustermesh-common';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { MeshRegistration } from './service/meshRegistration';
import {
  MeshStatusService,
  MeshView,
  RefreshTooSoonError,
} from './service/meshStatusService';
import { meshSummary, sendViewPart } from './service/views';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: MeshStatusService;
  registration: MeshRegistration;
  /** Tests turn this on so every response is checked against the OpenAPI spec. */
  validateResponses?: boolean;
  now?: () => Date;
}

const DEFAULT_HISTORY_LIMIT = 100;
const DEFAULT_PAGE = 1000;
/** A registration of 511 clusters, each with a CA bundle of a few KiB. */
const MAX_BODY = '4mb';

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, service, registration } = options;
  const now = options.now ?? (() => new Date());
  const validate = options.validateResponses ?? false;
  const router = createValidatedOpenApiRouter(spec, {
    validatorOptions: { validateResponses: validate },
    middleware: [jsonBody()],
  });
  const sendMesh = (res: express.Response, view: MeshView) =>
    sendViewPart(
      res,
      view,
      now(),
      { key: 'mesh', build: () => meshDetail(view) },
      validate,
    );

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  };

  // Behind the default auth policy: only Backstage users and services learn
  // that this plugin is installed and answering.
  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ status: 'ok' });
  });

  router.get('/meshes', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const views = await service.listViews();
    // After the views: a refresh this request caused has recorded its changes.
    const lastChanges = await service.lastChangeTimes();
    res.json({
      items: views.map(view =>
        meshSummary(view, now(), lastChanges.get(view.status.mesh)),
      ),
    });
  });

  router.get('/meshes/:mesh', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    sendMesh(res, await service.getView(req.params.mesh));
  });

  router.post('/meshes/:mesh/refresh', async (req, res) => {
    await authorize(req, clusterMeshRefreshPermission);
    try {
      sendMesh(res, await service.refreshNow(req.params.mesh));
    } catch (error) {
      if (!(error instanceof RefreshTooSoonError)) throw error;
      res
        .status(429)
        .set('Retry-After', String(error.retryAfterSeconds))
        .json({
          error: { name: 'TooManyRequestsError', message: error.message },
        });
    }
  });

  router.get('/meshes/:mesh/connections', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    const { from, to, state } = req.query;
    const { limit, offset } = pageOf(req.query);
    const filtered = !from && !to && !state;
    sendViewPart(
      res,
      view,
      now(),
      {
        // The unfiltered first page is what a mesh matrix asks for every time.
        key: filtered && offset === 0 ? `connections:${limit}` : undefined,
        build: () => {
          const matching = view.status.connections.filter(
            c =>
              (!from || c.from === from) &&
              (!to || c.to === to) &&
              (!state || c.state === state),
          );
          return {
            items: matching.slice(offset, offset + limit),
            total: matching.length,
          };
        },
      },
      validate,
    );
  });

  router.get('/meshes/:mesh/connection-grid', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    sendViewPart(
      res,
      view,
      now(),
      {
        key: 'connection-grid',
        build: () =>
          encodeConnectionGrid(
            view.status.clusters.map(c => c.name),
            view.status.connections,
          ),
      },
      validate,
    );
  });

  router.get('/meshes/:mesh/global-services', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    const { namespace } = req.query;
    const { limit, offset } = pageOf(req.query);
    sendViewPart(
      res,
      view,
      now(),
      {
        // The first page of all namespaces is what the admin page asks for.
        key:
          !namespace && offset === 0 ? `global-services:${limit}` : undefined,
        build: () => {
          const matching = namespace
            ? view.globalServices.filter(s => s.namespace === namespace)
            : view.globalServices;
          return {
            items: matching.slice(offset, offset + limit),
            total: matching.length,
            observedAt: view.status.observedAt,
          };
        },
      },
      validate,
    );
  });

  router.get('/meshes/:mesh/clusters/:cluster', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    const name = req.params.cluster;
    const cluster = view.status.clusters.find(c => c.name === name);
    if (!cluster) {
      throw new NotFoundError(
        `Mesh ${req.params.mesh} has no cluster named ${name}`,
      );
    }
    sendViewPart(
      res,
      view,
      now(),
      {
        key: `cluster:${name}`,
        build: () => ({
          mesh: view.status.mesh,
          cluster,
          connections: view.status.connections.filter(
            c => c.from === name || c.to === name,
          ),
          problems: view.status.problems.filter(p => p.clusters.includes(name)),
        }),
      },
      validate,
    );
  });

  router.get('/meshes/:mesh/history', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const { from, to, since, until, limit, before } = req.query;
    const page = await service.history(req.params.mesh, {
      from,
      to,
      since: since ? new Date(since) : undefined,
      until: until ? new Date(until) : undefined,
      limit: limit ? Number(limit) : DEFAULT_HISTORY_LIMIT,
      before: before ? Number(before) : undefined,
    });
    res.json({
      items: page.events,
      ...(page.nextBefore !== undefined && { nextBefore: page.nextBefore }),
    });
  });

  // Registrations come from our scaffolder module, running as a Backstage
  // service; no user may read, register or remove one directly.
  router.get('/meshes/:mesh/registration', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json(await registration.get(req.params.mesh));
  });

  router.put('/meshes/:mesh/registration', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    res.json(
      await registration.register(
        req.params.mesh,
        req.body,
        credentials.principal.subject,
      ),
    );
  });

  router.delete('/meshes/:mesh/registration', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    await registration.unregister(
      req.params.mesh,
      credentials.principal.subject,
    );
    res.status(204).end();
  });

  return router;
}

/**
 * JSON bodies with a limit that fits a large mesh. A body that is not JSON
 * is refused without quoting it: the parser's message shows its start,
 * which may be a credential sent by mistake.
 */
function jsonBody(): express.RequestHandler {
  const parse = express.json({ limit: MAX_BODY });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      const type = (error as { type?: string }).type;
      next(
        new InputError(
          type === 'entity.too.large'
            ? `request body: is larger than ${MAX_BODY}. Fix: give each cluster only its API server CA in caData`
            : 'request body: is not valid JSON. Fix: send a JSON object with Content-Type application/json',
        ),
      );
    });
}

/** Offset paging; the spec's patterns have already bounded both. */
function pageOf(query: { limit?: string; offset?: string }) {
  return {
    limit: query.limit ? Number(query.limit) : DEFAULT_PAGE,
    offset: query.offset ? Number(query.offset) : 0,
  };
}

/** The mesh without the full connection list, which grows with the square of its clusters. */
function meshDetail(view: MeshView) {
  const { connections, ...status } = view.status;
  return {
    ...status,
    source: view.source,
    connectionCounts: countConnections(connections),
    unhealthyConnections: connections.filter(c => c.state !== 'connected'),
  };
}

import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  clusterMeshReadPermission,
  clusterMeshRefreshPermission,
} from '@meshportal/plugin-cilium-clustermesh-common';
import express from 'express';
import { spec } from './schema/openapi.generated';
import {
  MeshStatusService,
  MeshView,
  RefreshTooSoonError,
} from './service/meshStatusService';
import { meshSummary, withAge } from './service/views';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: MeshStatusService;
  /** Tests turn this on so every response is checked against the OpenAPI spec. */
  validateResponses?: boolean;
  now?: () => Date;
}

const DEFAULT_HISTORY_LIMIT = 100;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, service } = options;
  const now = options.now ?? (() => new Date());
  const router = createValidatedOpenApiRouter(spec, {
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

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
  router.get('/health' as any, async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ status: 'ok' });
  });

  router.get('/meshes', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const views = await service.listViews();
    res.json({ items: views.map(view => meshSummary(view, now())) });
  });

  router.get('/meshes/:mesh', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    res.json(meshResponse(view, now()));
  });

  router.post('/meshes/:mesh/refresh', async (req, res) => {
    await authorize(req, clusterMeshRefreshPermission);
    try {
      const view = await service.refreshNow(req.params.mesh);
      res.json(meshResponse(view, now()));
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

  router.get('/meshes/:mesh/global-services', async (req, res) => {
    await authorize(req, clusterMeshReadPermission);
    const view = await service.getView(req.params.mesh);
    const { namespace } = req.query;
    const items = namespace
      ? view.globalServices.filter(s => s.namespace === namespace)
      : view.globalServices;
    res.json({
      items,
      observedAt: view.status.observedAt,
      ...withAge(view, now()),
    });
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
    res.json({
      mesh: view.status.mesh,
      cluster,
      connections: view.status.connections.filter(
        c => c.from === name || c.to === name,
      ),
      problems: view.status.problems.filter(p => p.clusters.includes(name)),
      ...withAge(view, now()),
    });
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

  return router;
}

function meshResponse(view: MeshView, now: Date) {
  return {
    ...view.status,
    source: view.source,
    ...withAge(view, now),
  };
}

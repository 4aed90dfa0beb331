import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';

// Shaped like MeshStatusResponse in the backend's openapi.yaml.
export function meshStatus(mesh: string, title: string, clusters: string[]) {
  const now = new Date().toISOString();
  return {
    mesh,
    title,
    source: 'config',
    health: 'healthy',
    observedAt: now,
    refreshedAt: now,
    ageSeconds: 3,
    clusters: clusters.map((name, index) => ({
      name,
      health: 'healthy',
      observedAt: now,
      warnings: [],
      cilium: {
        version: '1.18.2',
        clusterName: name,
        clusterId: index + 1,
        maxConnectedClusters: 255,
        encryption: 'wireguard',
        podCidrs: [`10.${index + 1}.0.0/16`],
        agents: { desired: 3, ready: 3, metricsEnabled: true },
      },
      configuredPeers: clusters.filter(peer => peer !== name),
    })),
    connectionCounts: {
      total: 0,
      connected: 0,
      degraded: 0,
      disconnected: 0,
      unconfigured: 0,
      unknown: 0,
    },
    unhealthyConnections: [],
    problems: [],
  };
}

export type MeshStatus = ReturnType<typeof meshStatus>;

// Shaped like MeshSummary in the backend's openapi.yaml.
function meshSummary(status: MeshStatus) {
  return {
    name: status.mesh,
    title: status.title,
    source: status.source,
    health: status.health,
    observedAt: status.observedAt,
    refreshedAt: status.refreshedAt,
    ageSeconds: status.ageSeconds,
    clusters: {
      total: status.clusters.length,
      healthy: status.clusters.length,
    },
    connections: { total: 0, connected: 0 },
    problems: { error: 0, warning: 0, info: 0 },
  };
}

export interface FakeBackend {
  meshes: MeshStatus[];
  fail?: 'list' | 'detail';
  callers: string[];
}

/** Stands in for the cilium-clustermesh backend: same routes, same auth. */
export function fakeMeshBackend(state: FakeBackend) {
  return createBackendPlugin({
    pluginId: 'cilium-clustermesh',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.use((req, _res, next) => {
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(credentials => {
                state.callers.push(credentials.principal.subject);
                next();
              })
              .catch(next);
          });
          router.get('/meshes', (_req, res) => {
            if (state.fail === 'list') {
              res.status(503).json({
                error: { name: 'ServiceUnavailable', message: 'restarting' },
              });
              return;
            }
            res.json({ items: state.meshes.map(meshSummary) });
          });
          router.get('/meshes/:mesh', (req, res) => {
            const status = state.meshes.find(m => m.mesh === req.params.mesh);
            if (state.fail === 'detail') {
              res.status(500).json({
                error: { name: 'Error', message: 'cache unavailable' },
              });
              return;
            }
            if (!status) {
              res.status(404).json({
                error: { name: 'NotFoundError', message: 'no such mesh' },
              });
              return;
            }
            res.json(status);
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

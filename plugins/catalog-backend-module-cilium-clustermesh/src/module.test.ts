import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import {
  fakeMeshBackend,
  FakeBackend,
  meshStatus,
} from './__testUtils__/fakeMeshBackend';
import { manualScheduler } from './__testUtils__/manualScheduler';
import { catalogModuleCiliumClusterMesh } from './module';
import { REFRESH_TASK_ID } from './provider';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

describe('catalog module cilium-clustermesh in a real catalog', () => {
  async function start(state: FakeBackend) {
    const scheduler = manualScheduler();
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleCiliumClusterMesh,
        fakeMeshBackend(state),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                ciliumClusterMesh: {
                  owner: 'mesh-team',
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { seconds: 45 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    const getResource = (name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/resource/default/${name}`)
        .set('Authorization', mockCredentials.service.header());
    // The catalog stitches provided entities asynchronously.
    const waitForStatus = async (name: string, status: number) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const response = await getResource(name);
        if (response.status === status || Date.now() > deadline) {
          return response;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    };
    return {
      refresh: () => scheduler.run(REFRESH_TASK_ID),
      schedule: () => scheduler.schedule(REFRESH_TASK_ID),
      getResource,
      waitForStatus,
    };
  }

  it('provides a Resource per mesh and per cluster, read over HTTP with a plugin token', async () => {
    const state: FakeBackend = {
      meshes: [meshStatus('prod', 'Production', ['aks-weu', 'aks-neu'])],
      callers: [],
    };
    const { refresh, schedule, waitForStatus } = await start(state);
    expect(schedule()).toEqual({
      frequency: { minutes: 5 },
      timeout: { seconds: 45 },
    });
    await refresh();

    expect(state.callers).toEqual(['plugin:catalog', 'plugin:catalog']);

    const mesh = await waitForStatus('prod', 200);
    expect(mesh.status).toBe(200);
    expect(mesh.body.metadata).toMatchObject({
      title: 'Production',
      annotations: {
        'cilium.io/clustermesh': 'prod',
        'backstage.io/managed-by-location': 'cilium-clustermesh:prod',
        'backstage.io/managed-by-origin-location': 'cilium-clustermesh:prod',
      },
    });
    expect(mesh.body.spec).toEqual({
      type: 'cilium-clustermesh',
      owner: 'group:default/mesh-team',
    });

    const cluster = await waitForStatus('prod-aks-weu', 200);
    expect(cluster.status).toBe(200);
    expect(cluster.body.metadata).toMatchObject({
      title: 'aks-weu (prod)',
      annotations: {
        'cilium.io/clustermesh': 'prod',
        'cilium.io/cluster-name': 'aks-weu',
      },
      labels: {
        'cilium.io/cluster-name': 'aks-weu',
        'cilium.io/cluster-id': '1',
        'cilium.io/version': '1.18.2',
      },
    });
    expect(
      Object.keys(cluster.body.metadata.annotations).filter((key: string) =>
        key.startsWith('kubernetes.io/'),
      ),
    ).toEqual([]);
    expect(cluster.body.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: 'group:default/mesh-team',
      dependencyOf: ['resource:default/prod'],
    });
    expect(cluster.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependencyOf', targetRef: 'resource:default/prod' },
        { type: 'ownedBy', targetRef: 'group:default/mesh-team' },
      ]),
    );
    expect((await waitForStatus('prod-aks-neu', 200)).status).toBe(200);
  });

  it('keeps the provided entities while the backend fails, then follows it again', async () => {
    const state: FakeBackend = {
      meshes: [meshStatus('prod', 'Production', ['aks-weu', 'aks-neu'])],
      callers: [],
    };
    const { refresh, getResource, waitForStatus } = await start(state);
    await refresh();
    expect((await waitForStatus('prod-aks-neu', 200)).status).toBe(200);

    // A full mutation deletes dropped entities at once, so a wrongful empty
    // one would show here right after the run.
    for (const fail of ['list', 'detail'] as const) {
      state.fail = fail;
      const calls = state.callers.length;
      await refresh();
      expect(state.callers.length).toBeGreaterThan(calls);
      for (const name of ['prod', 'prod-aks-weu', 'prod-aks-neu']) {
        expect((await getResource(name)).status).toBe(200);
      }
    }

    state.fail = undefined;
    state.meshes = [meshStatus('prod', 'Production', ['aks-weu'])];
    await refresh();
    expect((await waitForStatus('prod-aks-neu', 404)).status).toBe(404);
    expect((await getResource('prod-aks-weu')).status).toBe(200);
  });
});

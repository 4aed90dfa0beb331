import { registerMswTestHooks } from '@backstage/test-utils';
import {
  forgetPeer,
  seed,
  makeUnreachable,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { setupServer } from 'msw/node';
import { meshFixture } from '../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../__testUtils__/mswBackend';
import { testClient } from '../__testUtils__/testApis';

const server = setupServer();
registerMswTestHooks(server);

describe('ClusterMeshClient', () => {
  it('reads a mesh and the summary of every connection from the compact grid', async () => {
    const fixture = meshFixture(
      'lab-mesh',
      seed({ cluster3: (_, cilium) => forgetPeer(cilium, 'cluster1') }),
    );
    server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }));
    const client = testClient();
    const detail = await client.getMesh('lab-mesh');
    expect(detail.clusters.map(c => c.name)).toEqual([
      'cluster1',
      'cluster2',
      'cluster3',
    ]);
    const summaries = await client.listConnectionSummaries('lab-mesh');
    expect(summaries.map(c => [c.from, c.to, c.state, c.configured])).toEqual(
      fixture.connections.map(c => [c.from, c.to, c.state, c.configured]),
    );
    expect(
      summaries.find(c => c.from === 'cluster3' && c.to === 'cluster1'),
    ).toMatchObject({
      from: 'cluster3',
      to: 'cluster1',
      configured: false,
      state: 'unconfigured',
      agents: { ready: 0, total: 3 },
    });
    expect(summaries[0]).toEqual({
      from: 'cluster1',
      to: 'cluster2',
      configured: true,
      state: 'connected',
      agents: { ready: 3, total: 3 },
      kvstoremesh: { ready: 1, total: 1 },
    });
  });

  it('rejects with the status code and the backend message', async () => {
    server.use(
      ...mockClusterMeshBackend(
        {
          'lab-mesh': meshFixture(
            'lab-mesh',
            seed({ cluster2: makeUnreachable }),
          ),
        },
        { forbidden: true },
      ),
    );
    await expect(testClient().getMesh('lab-mesh')).rejects.toMatchObject({
      statusCode: 403,
      body: { error: { name: 'NotAllowedError' } },
    });
    server.use(...mockClusterMeshBackend({}));
    await expect(testClient().getMesh('other')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('sends history filters as query parameters', async () => {
    const fixture = meshFixture('lab-mesh', seed(), {
      history: [
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'disconnected',
          previousState: 'connected',
          at: '2026-06-01T11:59:00.000Z',
        },
        {
          from: 'cluster1',
          to: 'cluster2',
          state: 'connected',
          at: '2026-06-01T11:00:00.000Z',
        },
      ],
    });
    server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }));
    const page = await testClient().getHistory('lab-mesh', {
      from: 'cluster3',
      limit: 5,
    });
    expect(page.items.map(e => `${e.from}->${e.to}:${e.state}`)).toEqual([
      'cluster3->cluster1:disconnected',
    ]);
  });
});

import { registerMswTestHooks } from '@backstage/test-utils';
import { seed } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { setupServer } from 'msw/node';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { testClient } from '../../__testUtils__/testApis';
import { GLOBAL_SERVICE_PAGE, loadGlobalServices } from './loadGlobalServices';

const server = setupServer();
registerMswTestHooks(server);

describe('loadGlobalServices', () => {
  it('reads every page up to the total, optionally of one namespace', async () => {
    const fixture = meshFixture('lab-mesh', seed());
    const [template] = fixture.globalServices;
    const count = GLOBAL_SERVICE_PAGE * 2 + 3;
    fixture.globalServices = Array.from({ length: count }, (_, i) => ({
      ...template,
      namespace: i % 2 ? 'odd' : 'even',
      name: `svc-${i}`,
    }));
    server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }));
    const client = testClient();
    const spy = jest.spyOn(client, 'listGlobalServices');

    const all = await loadGlobalServices(client, 'lab-mesh');
    expect(all).toHaveLength(count);
    expect(all[count - 1].name).toBe(`svc-${count - 1}`);
    expect(spy.mock.calls.map(([, query]) => query)).toEqual([
      { limit: 5000, offset: 0 },
      { limit: 5000, offset: 5000 },
      { limit: 5000, offset: 10000 },
    ]);

    spy.mockClear();
    const odd = await loadGlobalServices(client, 'lab-mesh', 'odd');
    expect(odd).toHaveLength((count - 1) / 2);
    expect(odd.every(s => s.namespace === 'odd')).toBe(true);
    expect(spy.mock.calls.map(([, query]) => query)).toEqual([
      { limit: 5000, offset: 0, namespace: 'odd' },
      { limit: 5000, offset: 5000, namespace: 'odd' },
    ]);
  });
});

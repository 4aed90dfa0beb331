import type { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import type { ConnectionHistoryStore } from '../database';
import type { MeshDefinition } from './meshDirectory';
import { MeshObserver, MeshStatusService } from './meshStatusService';
import { DEFAULT_STATUS_SETTINGS } from './settings';

/** The Backstage cache two replicas share. */
function sharedCache(): CacheService {
  const entries = new Map<string, unknown>();
  const cache: CacheService = {
    get: async key => entries.get(key) as any,
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async key => {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

const cluster = (name: string) => ({
  name,
  url: `https://${name}.hcp.westeurope.azmk8s.io:443`,
  caData: 'Q0E=',
  authProvider: 'azure' as const,
});

describe('MeshStatusService when a mesh is registered again', () => {
  let definitions: MeshDefinition[];
  let now: number;
  const cache = sharedCache();
  const observed: string[] = [];

  /** A replica: its own memory, the shared cache and registry. */
  const replica = (id: string) => {
    const observer: MeshObserver = {
      async observeMesh(mesh) {
        observed.push(`${id}:${mesh.clusters.map(c => c.name).join(',')}`);
        return mesh.clusters.map(
          (c): ClusterObservation => ({
            cluster: c.name,
            observedAt: new Date(now).toISOString(),
            warnings: [],
            services: [],
            plainServices: [],
            namespaces: [],
          }),
        );
      },
      retain: () => undefined,
    };
    return new MeshStatusService({
      directory: {
        list: async () => definitions,
        configuredNames: new Set(),
      },
      observer,
      cache,
      history: {
        recordStates: async () => [],
      } as unknown as ConnectionHistoryStore,
      settings: DEFAULT_STATUS_SETTINGS,
      logger: mockServices.logger.mock(),
      now: () => new Date(now),
    });
  };
  const clustersOf = async (service: MeshStatusService) =>
    (await service.getView('prod')).status.clusters.map(c => c.name);

  beforeEach(() => {
    now = Date.parse('2025-11-26T10:00:00.000Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(() => jest.restoreAllMocks());

  it('serves the new cluster list at once where it was registered, and on other replicas once their list expires', async () => {
    definitions = [
      {
        name: 'prod',
        source: 'registered',
        clusters: [cluster('aks-1'), cluster('aks-2')],
      },
    ];
    const a = replica('a');
    const b = replica('b');
    expect(await clustersOf(a)).toEqual(['aks-1', 'aks-2']);
    // b serves a's view from the shared cache.
    expect(await clustersOf(b)).toEqual(['aks-1', 'aks-2']);
    expect(observed).toEqual(['a:aks-1,aks-2']);

    definitions = [
      {
        name: 'prod',
        source: 'registered',
        clusters: [cluster('aks-1'), cluster('aks-2'), cluster('aks-3')],
      },
    ];
    await a.definitionChanged('prod');
    expect(await clustersOf(a)).toEqual(['aks-1', 'aks-2', 'aks-3']);

    // b keeps its list of meshes a few seconds, then drops its own view of
    // the old cluster list and takes a's.
    now += 6_000;
    expect(await clustersOf(b)).toEqual(['aks-1', 'aks-2', 'aks-3']);
    expect(observed).toEqual(['a:aks-1,aks-2', 'a:aks-1,aks-2,aks-3']);
  });
});

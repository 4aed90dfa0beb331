import { ciliumClusterMeshPlugin } from './plugin';
import {
  isCiliumClusterMeshAvailable,
  isCiliumGlobalServiceAvailable,
} from './predicates';
import {
  clusterEntity,
  meshEntity,
  serviceEntity,
  unrelatedEntity,
} from './testEntities';
import { clusterMeshApiRef } from './api/ClusterMeshApi';
import { ClusterMeshClient } from './api/ClusterMeshClient';

describe('cilium-clustermesh legacy plugin', () => {
  it('has the shared plugin id and provides the client', () => {
    expect(ciliumClusterMeshPlugin.getId()).toBe('cilium-clustermesh');
    const [factory] = [...ciliumClusterMeshPlugin.getApis()];
    expect(factory.api.id).toBe(clusterMeshApiRef.id);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://x' },
      fetchApi: { fetch },
    });
    expect(client).toBeInstanceOf(ClusterMeshClient);
  });

  it.each([
    ['mesh', meshEntity, true, false],
    ['cluster', clusterEntity, true, false],
    ['global service', serviceEntity, false, true],
    ['unrelated', unrelatedEntity, false, false],
  ])('a %s entity gets the tab %s and the card %s', (_, entity, tab, card) => {
    expect(isCiliumClusterMeshAvailable(entity)).toBe(tab);
    expect(isCiliumGlobalServiceAvailable(entity)).toBe(card);
  });
});

import { indexMesh } from './meshIndex';
import { makeUnreachable, seed } from './__testUtils__/observations';

describe('indexMesh', () => {
  it.each<[string, Parameters<typeof seed>[0], string, string | undefined]>([
    ['a seed cluster', {}, 'cluster2', 'cluster2'],
    [
      'a renamed cluster by its Cilium name',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'aks-weu-2';
        },
      },
      'aks-weu-2',
      'cluster2',
    ],
    [
      'a renamed cluster no longer by its definition name',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'aks-weu-2';
        },
      },
      'cluster2',
      undefined,
    ],
    [
      'an unreadable cluster by its definition name',
      { cluster3: makeUnreachable },
      'cluster3',
      'cluster3',
    ],
    [
      'a name read from cilium-config before an unreadable cluster guessed to have it',
      {
        cluster1: makeUnreachable,
        cluster2: (_, c) => {
          c.config.clusterName = 'cluster1';
        },
      },
      'cluster1',
      'cluster2',
    ],
    [
      'the first of two clusters claiming one Cilium name',
      {
        cluster3: (_, c) => {
          c.config.clusterName = 'cluster2';
        },
      },
      'cluster2',
      'cluster2',
    ],
  ])('finds %s', (_, changes, ciliumName, definitionName) => {
    expect(indexMesh(seed(changes)).byCiliumName.get(ciliumName)?.name).toBe(
      definitionName,
    );
  });

  it('records which mesh clusters each cluster configures, ignoring itself and strangers', () => {
    const index = indexMesh(
      seed({
        cluster1: (_, c) => {
          c.configuredPeers.push(
            { name: 'cluster1', addresses: [], sources: ['remote-users'] },
            { name: 'elsewhere', addresses: [], sources: ['remote-users'] },
          );
        },
        cluster3: makeUnreachable,
      }),
    );
    expect(index.clusters.map(c => [c.name, [...c.configures].sort()])).toEqual(
      [
        ['cluster1', ['cluster2', 'cluster3']],
        ['cluster2', ['cluster1', 'cluster3']],
        ['cluster3', []],
      ],
    );
  });
});

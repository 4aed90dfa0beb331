import { ConfigReader } from '@backstage/config';
import { readProviderSettings } from './config';

describe('readProviderSettings', () => {
  it.each([
    [
      'no config',
      {},
      {
        schedule: {
          frequency: { seconds: 60 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 15 },
        },
        owner: 'group:default/platform',
      },
    ],
    [
      'a schedule and a full owner ref',
      {
        schedule: {
          frequency: { minutes: 5 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 10 },
        },
        owner: 'group:network/mesh-team',
      },
      {
        schedule: {
          frequency: { minutes: 5 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 10 },
        },
        owner: 'group:network/mesh-team',
      },
    ],
    [
      'a bare owner name',
      { owner: 'sre' },
      expect.objectContaining({ owner: 'group:default/sre' }),
    ],
    [
      'a user owner',
      { owner: 'user:jane' },
      expect.objectContaining({ owner: 'user:default/jane' }),
    ],
  ])('reads %s', (_case, section, expected) => {
    const config = new ConfigReader({
      catalog: { providers: { ciliumClusterMesh: section } },
    });
    expect(readProviderSettings(config)).toEqual(expected);
  });

  it.each(['x/', 'group:', 'a:b:c/d/e', 'group:default/has space'])(
    'refuses the owner %j',
    owner => {
      const config = new ConfigReader({
        catalog: { providers: { ciliumClusterMesh: { owner } } },
      });
      expect(() => readProviderSettings(config)).toThrow(
        /catalog.providers.ciliumClusterMesh.owner must be an entity ref/,
      );
    },
  );

  it('refuses a schedule without a timeout', () => {
    const config = new ConfigReader({
      catalog: {
        providers: {
          ciliumClusterMesh: { schedule: { frequency: { minutes: 1 } } },
        },
      },
    });
    expect(() => readProviderSettings(config)).toThrow(/timeout/);
  });
});

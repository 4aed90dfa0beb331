import { InputError } from '@backstage/errors';
import {
  createTestDatabases,
  databaseServiceFor,
} from './__testUtils__/testDatabases';
import { MeshRegistryStore, RegisteredMesh } from './MeshRegistryStore';

jest.setTimeout(60_000);

const { databases, postgresSkipReason } = createTestDatabases();

if (postgresSkipReason) {
  // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect -- the report says why PostgreSQL did not run
  it.skip(`on PostgreSQL (skipped: ${postgresSkipReason})`, () => {});
}

const T0 = new Date('2025-11-26T10:00:00.000Z');
const T1 = new Date('2025-11-26T11:30:00.000Z');

const prod: Omit<RegisteredMesh, 'createdAt' | 'updatedAt'> = {
  name: 'prod',
  title: 'Production',
  createdBy: 'user:default/alice',
  clusters: [
    {
      name: 'aks-1',
      url: 'https://aks-1-dns.hcp.westeurope.azmk8s.io:443',
      caData: 'TFMwdExTMUNSVWRKVGc9PQ==',
      authProvider: 'azure',
      azure: {
        subscriptionId: '00000000-0000-0000-0000-000000000001',
        resourceGroup: 'rg-mesh',
        managedCluster: 'aks-1',
      },
    },
    {
      name: 'aks-2',
      url: 'https://aks-2-dns.hcp.northeurope.azmk8s.io:443',
      caData: 'TFMwdExTMUNSVWRKVGc9PQ==',
      authProvider: 'azure',
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'MeshRegistryStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return MeshRegistryStore.create({ database: databaseServiceFor(knex) });
    }

    it('creates, lists, gets, replaces and deletes meshes', async () => {
      const store = await createStore();

      const created = await store.upsert(prod, T0);
      expect(created).toEqual({
        ...prod,
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
      });
      await store.upsert({ name: 'dev', clusters: [prod.clusters[1]] }, T0);

      expect((await store.list()).map(mesh => mesh.name)).toEqual([
        'dev',
        'prod',
      ]);
      expect(await store.get('dev')).toEqual({
        name: 'dev',
        clusters: [prod.clusters[1]],
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
      });
      expect(await store.get('missing')).toBeUndefined();

      const replaced = await store.upsert(
        {
          name: 'prod',
          clusters: prod.clusters.slice(0, 1),
          createdBy: 'user:default/bob',
        },
        T1,
      );
      expect(replaced).toEqual({
        name: 'prod',
        clusters: prod.clusters.slice(0, 1),
        createdBy: 'user:default/alice',
        createdAt: T0.toISOString(),
        updatedAt: T1.toISOString(),
      });
      expect(await store.get('prod')).toEqual(replaced);

      expect(await store.delete('prod')).toBe(true);
      expect(await store.delete('prod')).toBe(false);
      expect((await store.list()).map(mesh => mesh.name)).toEqual(['dev']);
    });

    it('refuses a cluster that carries a secret, naming field, rule and fix', async () => {
      const store = await createStore();
      const withToken = {
        ...prod,
        clusters: [
          {
            ...prod.clusters[0],
            authProvider: 'serviceAccount',
            serviceAccountToken: 'eyJhbGciOiJSUzI1NiJ9.secret',
          },
        ],
      } as unknown as typeof prod;

      const error = await store.upsert(withToken, T0).catch(e => e);

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('Cannot register mesh "prod"');
      expect(error.message).toContain(
        'clusters[0].serviceAccountToken: a registered mesh holds no secret',
      );
      expect(error.message).toContain('Fix: remove serviceAccountToken');
      expect(error.message).toContain(
        'clusters[0].authProvider: must be "azure"',
      );
      expect(error.message).not.toContain('eyJhbGciOiJSUzI1NiJ9');
      expect(await store.list()).toEqual([]);
    });

    it('refuses invalid names, URLs and repeated clusters', async () => {
      const store = await createStore();
      const invalid = {
        name: 'Prod Mesh',
        clusters: [
          { ...prod.clusters[1], url: 'http://aks-2:443' },
          { ...prod.clusters[1], azure: { subscriptionId: 'x' } },
        ],
      } as unknown as typeof prod;

      await expect(store.upsert(invalid, T0)).rejects.toThrow(
        /^Cannot register mesh \(invalid name\):\nname: must be 1-63 lowercase.*\nclusters\[0\]\.url: must be an https URL\. Fix: set the https URL.*\nclusters\[1\]\.azure\.subscriptionId: must be a subscription id.*\nclusters\[1\]\.azure\.resourceGroup: is required/s,
      );
      await expect(
        store.upsert(
          { ...prod, clusters: [prod.clusters[1], prod.clusters[1]] },
          T0,
        ),
      ).rejects.toThrow(/clusters\[1\]\.name: cluster names are unique/);
    });
  },
);

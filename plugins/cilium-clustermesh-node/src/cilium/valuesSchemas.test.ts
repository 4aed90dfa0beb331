import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCHEMA_DIRECTORY } from './__testUtils__/labAks';
import { CiliumValuesSchemas } from './valuesSchemas';

const SEED_VALUES = {
  hubble: { relay: { enabled: true }, ui: { enabled: true } },
  aksbyocni: { enabled: true },
  nodeinit: { enabled: true },
  k8sServiceHost: 'aks-1-abcd.hcp.westeurope.azmk8s.io',
  kubeProxyReplacement: 'true',
  k8sServicePort: '443',
  ipam: { operator: { clusterPoolIPv4PodCIDRList: ['10.1.0.0/16'] } },
  cluster: { id: 1, name: 'cluster1' },
  azure: { resourceGroup: 'rg' },
  clustermesh: {
    useAPIServer: true,
    config: {
      enabled: true,
      clusters: { cluster2: { ips: ['172.21.11.4'], port: 2379 } },
    },
  },
};

describe('CiliumValuesSchemas against the Cilium chart schemas', () => {
  const schemas = new CiliumValuesSchemas(SCHEMA_DIRECTORY);

  it('lists the chart versions it has a schema for, oldest first', async () => {
    await expect(schemas.versions()).resolves.toEqual([
      '1.16.19',
      '1.19.6',
      '1.20.0',
    ]);
  });

  it('accepts the seed install values plus a mesh map on 1.20.0', async () => {
    await expect(schemas.validate('1.20.0', SEED_VALUES)).resolves.toEqual([]);
    await expect(schemas.validate('v1.20.0', SEED_VALUES)).resolves.toEqual([]);
  });

  it.each([
    [
      '1.20.0',
      { cluster: { id: 'x', name: 'c1' } },
      {
        field: 'values.cluster.id',
        rule: 'must be integer, not string',
        fix: 'write the integer without quotes (Helm values are typed)',
      },
    ],
    [
      '1.20.0',
      { cluster: { id: '1' } },
      expect.objectContaining({ field: 'values.cluster.id' }),
    ],
    [
      '1.20.0',
      { kubeProxyReplacement: 1 },
      {
        field: 'values.kubeProxyReplacement',
        rule: 'must be string or boolean, not integer',
        fix: 'give values.kubeProxyReplacement a value of type string or boolean',
      },
    ],
    [
      '1.20.0',
      { clustermesh: { apiserver: { service: { annotations: 'x' } } } },
      expect.objectContaining({
        field: 'values.clustermesh.apiserver.service.annotations',
      }),
    ],
    [
      // A map of peers is refused before chart 1.19.
      '1.16.19',
      {
        clustermesh: { config: { clusters: { c2: { ips: [], port: 2379 } } } },
      },
      expect.objectContaining({
        field: 'values.clustermesh.config.clusters',
        rule: 'must be array, not object',
      }),
    ],
  ])('on %s refuses %j', async (version, values, violation) => {
    const violations = await schemas.validate(version, values);
    expect(violations).toEqual([violation]);
  });

  it('reports every violation at once and throws them as an InputError from check', async () => {
    const values = { cluster: { id: 'x', name: 7 }, MTU: 'big' };
    const violations = await schemas.validate('1.20.0', values);
    expect(violations.map(v => v.field).sort()).toEqual([
      'values.MTU',
      'values.cluster.id',
      'values.cluster.name',
    ]);
    const error = await schemas.check('1.20.0', values).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'values.cluster.id: must be integer, not string. Fix: write the integer without quotes',
    );
  });

  it('accepts misspelt keys, as the chart schema has no additionalProperties: false', async () => {
    await expect(
      schemas.validate('1.20.0', { clustermesh: { useApiServer: true } }),
    ).resolves.toEqual([]);
  });

  it.each([
    ['1.18.0', 'Cilium chart 1.18.0 has no values schema in'],
    ['1.15.19', 'available: 1.16.19, 1.19.6, 1.20.0'],
    ['../../etc/passwd', 'is not a valid chart version'],
  ])(
    'refuses version %s, naming what is available',
    async (version, message) => {
      const error = await schemas.validate(version, {}).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
    },
  );

  it('reads the directory from ciliumClusterMesh.cilium.valuesSchemaDirectory, and finds files added later', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'schemas-'));
    try {
      const fromConfig = CiliumValuesSchemas.fromConfig(
        new ConfigReader({
          ciliumClusterMesh: { cilium: { valuesSchemaDirectory: dir } },
        }),
      );
      await expect(fromConfig.validate('1.20.0', {})).rejects.toThrow(
        'available: none',
      );
      await writeFile(
        path.join(dir, 'values.schema.1.20.0.json'),
        JSON.stringify({
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          properties: { MTU: { type: 'integer' } },
        }),
      );
      await expect(fromConfig.versions()).resolves.toEqual(['1.20.0']);
      await expect(
        fromConfig.validate('1.20.0', { MTU: 1.5 }),
      ).resolves.toEqual([
        expect.objectContaining({
          field: 'values.MTU',
          rule: 'must be integer, not number',
        }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => CiliumValuesSchemas.fromConfig(new ConfigReader({}))).toThrow(
      'ciliumClusterMesh.cilium.valuesSchemaDirectory: is required',
    );
  });
});

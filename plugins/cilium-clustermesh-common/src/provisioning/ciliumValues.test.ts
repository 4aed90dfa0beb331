import Ajv, { ValidateFunction } from 'ajv';
import { generateKeyPairSync } from 'crypto';
import { readFileSync } from 'fs';
import {
  AZURE_INTERNAL_LB_ANNOTATION,
  ciliumInstallValues,
  CiliumInstallInput,
  clustermeshPeerValues,
  HelmValue,
  HelmValues,
  REDACTED_CA,
  REDACTED_KEY,
  redactedValues,
} from './ciliumValues';
import { CiliumOptions } from './types';

const SCHEMA_DIR = '/work/shared/reference/cilium';
const CHART_VERSIONS = ['1.16.19', '1.19.6', '1.20.0'];

const validators = new Map<string, ValidateFunction>(
  CHART_VERSIONS.map(version => {
    const schema = JSON.parse(
      readFileSync(`${SCHEMA_DIR}/values.schema.${version}.json`, 'utf8'),
    );
    // The chart schemas are draft-07, Ajv's default dialect.
    const ajv = new Ajv({ strict: false, allErrors: true });
    return [version, ajv.compile(schema)];
  }),
);

function schemaErrors(version: string, values: HelmValues): string[] {
  const validate = validators.get(version)!;
  return validate(values)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

/** Helm's merge of values files: maps merge, everything else is replaced. */
function merge(base: HelmValues, override: HelmValues): HelmValues {
  const result: HelmValues = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] =
      isMap(current) && isMap(value) ? merge(current, value) : value;
  }
  return result;
}

function isMap(value: HelmValue | undefined): value is HelmValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(values: HelmValues, path: string): HelmValue | undefined {
  let node: HelmValue | undefined = values;
  for (const key of path.split('.')) {
    node = isMap(node) ? node[key] : undefined;
  }
  return node;
}

// The values only carry the CA as base64 text: any text stands in for the
// certificate, and a key made here keeps key material out of the repository.
const CERT_PEM = 'mesh CA certificate (test)\n';
const KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const baseOptions: CiliumOptions = {
  chartVersion: '1.20.0',
  maxConnectedClusters: 255,
  hubble: true,
  routingMode: 'tunnel',
  tunnelProtocol: 'vxlan',
  encryption: 'none',
};

function input(options: Partial<CiliumOptions> = {}): CiliumInstallInput {
  return {
    options: { ...baseOptions, ...options },
    cluster: {
      ciliumName: 'cluster1',
      clusterId: 1,
      podCidr: '10.1.0.0/16',
      resourceGroup: 'rsg-ciliumlab',
    },
    apiServerHost: 'aks-ciliumlab-dns-abc123.hcp.westeurope.azmk8s.io',
    ca: { certPem: CERT_PEM, keyPem: KEY_PEM },
  };
}

const peers = [
  { name: 'cluster3', ips: ['172.21.12.8'], port: 2379 },
  { name: 'cluster2', ips: ['172.21.11.7', '172.21.11.9'], port: 2379 },
];

describe('ciliumInstallValues', () => {
  it('renders the seed values plus what meshing needs', () => {
    expect(ciliumInstallValues(input())).toEqual({
      hubble: { relay: { enabled: true }, ui: { enabled: true } },
      aksbyocni: { enabled: true },
      nodeinit: { enabled: true },
      kubeProxyReplacement: 'true',
      k8sServiceHost: 'aks-ciliumlab-dns-abc123.hcp.westeurope.azmk8s.io',
      k8sServicePort: '443',
      ipam: { operator: { clusterPoolIPv4PodCIDRList: ['10.1.0.0/16'] } },
      cluster: { name: 'cluster1', id: 1 },
      azure: { resourceGroup: 'rsg-ciliumlab' },
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      encryption: { enabled: false },
      tls: {
        ca: {
          cert: Buffer.from(CERT_PEM).toString('base64'),
          key: Buffer.from(KEY_PEM).toString('base64'),
        },
      },
      prometheus: { enabled: true },
      clustermesh: {
        useAPIServer: true,
        apiserver: {
          service: {
            type: 'LoadBalancer',
            annotations: { [AZURE_INTERNAL_LB_ANNOTATION]: 'true' },
          },
        },
      },
    });
  });

  it.each<[string, Partial<CiliumOptions>, string, HelmValue | undefined]>([
    [
      'hubble off',
      { hubble: false },
      'hubble',
      { relay: { enabled: false }, ui: { enabled: false } },
    ],
    [
      'wireguard',
      { encryption: 'wireguard' },
      'encryption',
      { enabled: true, type: 'wireguard' },
    ],
    ['geneve', { tunnelProtocol: 'geneve' }, 'tunnelProtocol', 'geneve'],
    [
      '511 clusters',
      { maxConnectedClusters: 511 },
      'clustermesh.maxConnectedClusters',
      511,
    ],
    [
      '255 clusters (the chart default, left unset)',
      { maxConnectedClusters: 255 },
      'clustermesh.maxConnectedClusters',
      undefined,
    ],
    [
      'native routing (refused by checkProvisioningPlan)',
      { routingMode: 'native', nativeRoutingCidr: '10.0.0.0/8' },
      'ipv4NativeRoutingCIDR',
      '10.0.0.0/8',
    ],
  ])('renders %s', (_what, options, path, expected) => {
    expect(at(ciliumInstallValues(input(options)), path)).toEqual(expected);
  });

  it('base64-encodes non-ASCII PEM text as UTF-8', () => {
    const values = ciliumInstallValues({
      ...input(),
      ca: { certPem: 'Zertifikat für Ö', keyPem: KEY_PEM },
    });
    expect(at(values, 'tls.ca.cert')).toBe(
      Buffer.from('Zertifikat für Ö', 'utf8').toString('base64'),
    );
  });

  describe.each(CHART_VERSIONS)(
    'against the chart %s values schema',
    version => {
      it.each<[string, Partial<CiliumOptions>]>([
        ['defaults', {}],
        [
          'hubble off, wireguard, geneve, 511',
          {
            hubble: false,
            encryption: 'wireguard',
            tunnelProtocol: 'geneve',
            maxConnectedClusters: 511,
          },
        ],
        [
          'native routing',
          { routingMode: 'native', nativeRoutingCidr: '10.0.0.0/8' },
        ],
      ])('install values validate (%s)', (_what, options) => {
        const values = ciliumInstallValues(
          input({ ...options, chartVersion: version }),
        );
        expect(schemaErrors(version, values)).toEqual([]);
      });

      it('install values merged with the peer values validate', () => {
        const values = merge(
          ciliumInstallValues(input({ chartVersion: version })),
          clustermeshPeerValues(version, peers),
        );
        expect(schemaErrors(version, values)).toEqual([]);
        expect(at(values, 'clustermesh.apiserver.service.type')).toBe(
          'LoadBalancer',
        );
      });

      it('the schema is really applied (a string cluster.id fails)', () => {
        const values = merge(ciliumInstallValues(input()), {
          cluster: { id: '1' },
        });
        expect(schemaErrors(version, values)).toEqual([
          expect.stringContaining('/cluster/id must be integer'),
        ]);
      });
    },
  );
});

describe('clustermeshPeerValues', () => {
  it.each([
    [
      '1.16.19',
      [
        { name: 'cluster2', ips: ['172.21.11.7', '172.21.11.9'], port: 2379 },
        { name: 'cluster3', ips: ['172.21.12.8'], port: 2379 },
      ],
    ],
    [
      '1.18.12',
      [
        { name: 'cluster2', ips: ['172.21.11.7', '172.21.11.9'], port: 2379 },
        { name: 'cluster3', ips: ['172.21.12.8'], port: 2379 },
      ],
    ],
    [
      '1.19.6',
      {
        cluster2: { ips: ['172.21.11.7', '172.21.11.9'], port: 2379 },
        cluster3: { ips: ['172.21.12.8'], port: 2379 },
      },
    ],
    [
      '1.20.0',
      {
        cluster2: { ips: ['172.21.11.7', '172.21.11.9'], port: 2379 },
        cluster3: { ips: ['172.21.12.8'], port: 2379 },
      },
    ],
  ])(
    'chart %s gets its peers sorted by name in its own form',
    (version, clusters) => {
      expect(clustermeshPeerValues(version, peers)).toEqual({
        clustermesh: {
          useAPIServer: true,
          config: { enabled: true, clusters },
        },
      });
    },
  );

  it('keeps the last entry of a repeated name, as 1.19+ charts do', () => {
    const values = clustermeshPeerValues('1.16.19', [
      { name: 'cluster2', ips: ['172.21.11.7'], port: 2379 },
      { name: 'cluster2', ips: ['172.21.11.99'], port: 2379 },
    ]);
    expect(at(values, 'clustermesh.config.clusters')).toEqual([
      { name: 'cluster2', ips: ['172.21.11.99'], port: 2379 },
    ]);
  });

  it('gives the 1.16 schema a list: a map would fail it', () => {
    const list = clustermeshPeerValues('1.16.19', peers);
    const map = clustermeshPeerValues('1.20.0', peers);
    expect(schemaErrors('1.16.19', list)).toEqual([]);
    expect(schemaErrors('1.16.19', map)).toEqual([
      expect.stringContaining('/clustermesh/config/clusters must be array'),
    ]);
  });

  it('renders an empty peer list in either form', () => {
    expect(
      at(clustermeshPeerValues('1.16.19', []), 'clustermesh.config.clusters'),
    ).toEqual([]);
    expect(
      at(clustermeshPeerValues('1.20.0', []), 'clustermesh.config.clusters'),
    ).toEqual({});
  });
});

describe('redactedValues', () => {
  it('hides the mesh CA and leaves everything else as it was', () => {
    const values = ciliumInstallValues(input());
    const copy = JSON.parse(JSON.stringify(values));
    const redacted = redactedValues(values);
    expect(at(redacted, 'tls.ca')).toEqual({
      cert: REDACTED_CA,
      key: REDACTED_CA,
    });
    expect(JSON.stringify(redacted)).not.toContain(
      Buffer.from(KEY_PEM).toString('base64'),
    );
    expect(merge(redacted, { tls: at(values, 'tls') as HelmValues })).toEqual(
      values,
    );
    expect(values).toEqual(copy);
  });

  it.each<[string, HelmValues, HelmValues]>([
    [
      'no tls section',
      { cluster: { name: 'c1', id: 1 } },
      { cluster: { name: 'c1', id: 1 } },
    ],
    [
      'an empty CA (the chart generates one)',
      { tls: { ca: { cert: '', key: '' } } },
      { tls: { ca: { cert: '', key: '' } } },
    ],
    [
      'other private keys under tls',
      {
        clustermesh: {
          apiserver: { tls: { server: { cert: 'c', key: 'k' } } },
        },
      },
      {
        clustermesh: {
          apiserver: { tls: { server: { cert: 'c', key: REDACTED_KEY } } },
        },
      },
    ],
    [
      'keys outside tls',
      { ipam: { key: 'k' }, list: [{ tls: { key: 'k' } }] },
      { ipam: { key: 'k' }, list: [{ tls: { key: REDACTED_KEY } }] },
    ],
  ])('handles %s', (_what, values, expected) => {
    expect(redactedValues(values)).toEqual(expected);
  });
});

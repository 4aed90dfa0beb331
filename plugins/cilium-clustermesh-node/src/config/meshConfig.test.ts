import { ConfigReader } from '@backstage/config';
import { readMeshConnections } from './meshConfig';

const ca = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');
const SECRET = 'sa-token-that-must-never-leak';

function read(meshes: unknown) {
  return readMeshConnections(
    new ConfigReader({ ciliumClusterMesh: { meshes } } as any),
  );
}

const tokenCluster = {
  name: 'aks-1',
  url: 'https://aks-1.hcp.westeurope.azmk8s.io:443',
  caData: ca,
  authProvider: 'serviceAccount',
  serviceAccountToken: SECRET,
};

describe('readMeshConnections', () => {
  it('returns no meshes when nothing is configured', () => {
    expect(readMeshConnections(new ConfigReader({}))).toEqual([]);
  });

  it('reads every supported auth provider', () => {
    const meshes = read([
      {
        name: 'prod',
        title: 'Production',
        clusters: [
          tokenCluster,
          {
            ...tokenCluster,
            name: 'aks-2',
            authProvider: 'clientCertificate',
            serviceAccountToken: undefined,
            clientCertData: ca,
            clientKeyData: ca,
          },
          {
            name: 'aks-3',
            url: 'https://aks-3.example:443',
            caData: ca,
            authProvider: 'azure',
          },
        ],
      },
    ]);
    expect(meshes[0].clusters.map(c => c.authProvider)).toEqual([
      'serviceAccount',
      'clientCertificate',
      'azure',
    ]);
  });

  it.each([
    [
      'a missing token',
      [
        {
          name: 'm',
          clusters: [{ ...tokenCluster, serviceAccountToken: undefined }],
        },
      ],
      'ciliumClusterMesh.meshes[0].clusters[0].serviceAccountToken: is required',
    ],
    [
      'a URL that is not a URL',
      [{ name: 'm', clusters: [{ ...tokenCluster, url: 'aks-1:443' }] }],
      'ciliumClusterMesh.meshes[0].clusters[0].url: must be an https URL',
    ],
    [
      'a plain http URL',
      [{ name: 'm', clusters: [{ ...tokenCluster, url: 'http://aks-1:80' }] }],
      'ciliumClusterMesh.meshes[0].clusters[0].url: must be an https URL',
    ],
    [
      'an unknown auth provider',
      [{ name: 'm', clusters: [{ ...tokenCluster, authProvider: 'oidc' }] }],
      'ciliumClusterMesh.meshes[0].clusters[0].authProvider',
    ],
    [
      'a cluster name Cilium rejects',
      [{ name: 'm', clusters: [{ ...tokenCluster, name: 'AKS_1' }] }],
      'ciliumClusterMesh.meshes[0].clusters[0].name: a Cilium cluster name uses only lowercase',
    ],
    [
      'a repeated cluster',
      [{ name: 'm', clusters: [tokenCluster, tokenCluster] }],
      'ciliumClusterMesh.meshes[0].clusters[1].name: cluster names are unique',
    ],
  ])('rejects %s naming the field', (_what, meshes, message) => {
    expect(() => read(meshes)).toThrow(message);
  });

  it('never puts secret values into its errors', () => {
    let message = '';
    try {
      read([
        {
          name: 'm',
          clusters: [
            { ...tokenCluster, url: 'nope' },
            {
              ...tokenCluster,
              name: 'x',
              authProvider: 'clientCertificate',
              clientKeyData: SECRET,
            },
          ],
        },
      ]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('ciliumClusterMesh.meshes[0].clusters[0].url');
    expect(message).toContain('Fix: ');
    expect(message).not.toContain(SECRET);
  });
});

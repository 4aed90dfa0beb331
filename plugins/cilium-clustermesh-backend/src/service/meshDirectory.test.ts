import type { Entity } from '@backstage/catalog-model';
import { catalogMeshes, isAllowedClusterUrl } from './meshDirectory';

describe('isAllowedClusterUrl', () => {
  it.each([
    ['https://aks-1-dns.hcp.westeurope.azmk8s.io:443', ['*.azmk8s.io'], true],
    ['https://azmk8s.io', ['*.azmk8s.io'], false],
    ['http://aks-1.hcp.westeurope.azmk8s.io', ['*.azmk8s.io'], false],
    ['https://user:pw@aks-1.hcp.westeurope.azmk8s.io', ['*.azmk8s.io'], false],
    ['https://evil.example.com/.azmk8s.io', ['*.azmk8s.io'], false],
    ['https://aks-1.hcp.westeurope.azmk8s.io.evil.com', ['*.azmk8s.io'], false],
    ['https://127.21.0.5:6443', ['127.21.0.5'], true],
    ['https://127.21.0.6:6443', ['127.21.0.5'], false],
    ['not a url', ['*'], false],
  ])('%s with %j: %s', (url, hosts, allowed) => {
    expect(isAllowedClusterUrl(url, hosts)).toBe(allowed);
  });
});

describe('catalogMeshes', () => {
  const cluster = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'cilium.io/clustermesh': 'prod',
        'kubernetes.io/api-server': `https://${name}.hcp.westeurope.azmk8s.io:443`,
        'kubernetes.io/api-server-certificate-authority': 'Q0E=',
        'kubernetes.io/auth-provider': 'azure',
        ...annotations,
      },
    },
    spec: { type: 'kubernetes-cluster' },
  });

  it('groups azure clusters on allowed hosts by mesh and skips the rest, saying why', () => {
    const warnings: string[] = [];
    const meshes = catalogMeshes(
      [
        cluster('aks-1', {}),
        cluster('aks-2', {}),
        cluster('aks-3', { 'cilium.io/clustermesh': 'staging' }),
        cluster('aks-4', { 'kubernetes.io/auth-provider': 'serviceAccount' }),
        cluster('aks-5', {
          'kubernetes.io/api-server': 'https://10.0.0.1:443',
        }),
      ],
      ['*.azmk8s.io'],
      (_key, message) => warnings.push(message),
    );
    expect(
      meshes.map(m => [m.name, m.source, m.clusters.map(c => c.name)]),
    ).toEqual([
      ['prod', 'catalog', ['aks-1', 'aks-2']],
      ['staging', 'catalog', ['aks-3']],
    ]);
    expect(meshes[0].clusters[0]).toEqual({
      name: 'aks-1',
      url: 'https://aks-1.hcp.westeurope.azmk8s.io:443',
      caData: 'Q0E=',
      authProvider: 'azure',
    });
    expect(warnings).toEqual([
      expect.stringContaining(
        'resource:default/aks-4 is skipped: kubernetes.io/auth-provider must be "azure"',
      ),
      expect.stringContaining(
        'resource:default/aks-5 is skipped: kubernetes.io/api-server must be an https URL on *.azmk8s.io',
      ),
    ]);
  });
});

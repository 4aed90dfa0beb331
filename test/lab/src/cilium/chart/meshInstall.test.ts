import { X509Certificate } from 'node:crypto';
import { KubeObject } from '../../kube/types';
import { HelmCluster, startHelmCluster } from './__testUtils__/helmCluster';

const INTERNAL_LB =
  'clustermesh.apiserver.service.annotations.service\\.beta\\.kubernetes\\.io/azure-load-balancer-internal=true';

function podSpec(object: KubeObject | undefined): any {
  return (object?.spec as any)?.template?.spec;
}

function containerPorts(
  object: KubeObject | undefined,
): Record<string, string[]> {
  return Object.fromEntries(
    podSpec(object).containers.map((container: any) => [
      container.name,
      (container.ports ?? []).map((p: any) => `${p.name}:${p.containerPort}`),
    ]),
  );
}

const base = (name: string, id: number) => [
  '--set',
  `cluster.name=${name}`,
  '--set',
  `cluster.id=${id}`,
  '--set',
  'aksbyocni.enabled=true',
];

const enable = [
  '--set',
  'clustermesh.useAPIServer=true',
  '--set',
  'clustermesh.apiserver.service.type=LoadBalancer',
  '--set-string',
  INTERNAL_LB,
];

describe('clustermesh enable on chart 1.20.0', () => {
  let lab: HelmCluster;

  beforeAll(async () => {
    lab = await startHelmCluster();
    await lab.upgradeCilium('1.20.0', ...base('cluster1', 1), ...enable);
  }, 30_000);

  afterAll(() => lab.stop());

  it('renders the clustermesh-apiserver with its three containers right away', () => {
    const deployment = lab.get('Deployment', 'clustermesh-apiserver');
    expect(deployment?.metadata.labels).toMatchObject({
      'k8s-app': 'clustermesh-apiserver',
      'app.kubernetes.io/name': 'clustermesh-apiserver',
      'app.kubernetes.io/managed-by': 'Helm',
    });
    expect(containerPorts(deployment)).toEqual({
      etcd: ['etcd:2379', 'etcd-metrics:9963'],
      apiserver: ['apiserv-health:9880', 'apiserv-metrics:9962'],
      kvstoremesh: ['kvmesh-health:9881', 'kvmesh-metrics:9964'],
    });
    expect(podSpec(deployment).containers[0].image).toBe(
      'quay.io/cilium/clustermesh-apiserver:v1.20.0',
    );
  });

  it('exposes it on an internal load balancer, port 2379', () => {
    const service = lab.get('Service', 'clustermesh-apiserver');
    expect(service?.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
    });
    expect(service?.spec).toMatchObject({
      type: 'LoadBalancer',
      selector: { 'k8s-app': 'clustermesh-apiserver' },
      ports: [
        expect.objectContaining({
          port: 2379,
          protocol: 'TCP',
          targetPort: 2379,
        }),
      ],
    });
    expect(
      lab.get('Service', 'clustermesh-apiserver-metrics')?.spec,
    ).toMatchObject({
      clusterIP: 'None',
      ports: [
        expect.objectContaining({ name: 'apiserv-metrics', port: 9962 }),
        expect.objectContaining({ name: 'kvmesh-metrics', port: 9964 }),
        expect.objectContaining({ name: 'etcd-metrics', port: 9963 }),
      ],
    });
  });

  it('issues the four TLS secrets, signed by cilium-ca, with the chart names', async () => {
    await lab.installer.whenSettled();
    const ca = new X509Certificate(lab.secretData('cilium-ca')!['ca.crt']);
    const expected: Record<string, { subject: string; altNames?: string }> = {
      'clustermesh-apiserver-server-cert': {
        subject: 'CN=clustermesh-apiserver.kube-system.svc',
        altNames:
          'DNS:clustermesh-apiserver.kube-system.svc, DNS:*.mesh.cilium.io, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
      },
      'clustermesh-apiserver-admin-cert': { subject: 'CN=admin-cluster1' },
      'clustermesh-apiserver-remote-cert': { subject: 'CN=remote' },
      'clustermesh-apiserver-local-cert': { subject: 'CN=local-cluster1' },
    };
    for (const [name, { subject, altNames }] of Object.entries(expected)) {
      const secret = lab.get('Secret', name);
      expect(secret?.type).toBe('kubernetes.io/tls');
      const data = lab.secretData(name)!;
      const certificate = new X509Certificate(data['tls.crt']);
      expect({ name, subject: certificate.subject }).toEqual({ name, subject });
      expect(certificate.subjectAltName).toBe(altNames);
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(data['ca.crt']).toBe(lab.secretData('cilium-ca')!['ca.crt']);
      // 1.20's default certValidityDuration is 365 days.
      const days =
        (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) /
        86_400_000;
      expect(Math.round(days)).toBe(365);
    }
  });

  it('renders no peer configuration until clustermesh.config is enabled', () => {
    expect(lab.get('Secret', 'cilium-clustermesh')).toBeUndefined();
    expect(lab.get('ConfigMap', 'clustermesh-remote-users')).toBeUndefined();
    expect(lab.installer.settings()?.clustermesh).toMatchObject({
      useAPIServer: true,
      kvstoremeshEnabled: true,
      serviceType: 'LoadBalancer',
      authMode: 'migration',
      serviceAnnotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      },
    });
  });
});

describe('connecting peers', () => {
  const etcdConfig = (lab: HelmCluster, secret: string, peer: string) =>
    lab.secretData(secret)?.[peer];

  it('1.20.0, map form, KVStoreMesh on: agents use the local apiserver, kvstoremesh the peers', async () => {
    const lab = await startHelmCluster();
    try {
      await lab.upgradeCilium(
        '1.20.0',
        ...base('cluster1', 1),
        ...enable,
        '--set',
        'clustermesh.config.enabled=true',
        '--set',
        'clustermesh.config.clusters.cluster2.ips={10.20.0.100}',
        '--set',
        'clustermesh.config.clusters.cluster2.port=2379',
        '--set',
        'clustermesh.config.clusters.cluster3.address=mesh.example.com',
        '--set',
        'clustermesh.config.clusters.cluster3.port=2379',
        '--set',
        'clustermesh.config.clusters.cluster4.enabled=false',
        '--set',
        'clustermesh.config.clusters.cluster4.ips={10.40.0.1}',
      );
      expect(etcdConfig(lab, 'cilium-clustermesh', 'cluster2')).toBe(
        [
          'endpoints:',
          '- https://clustermesh-apiserver.kube-system.svc:2379',
          'trusted-ca-file: /var/lib/cilium/clustermesh/local-etcd-client-ca.crt',
          'key-file: /var/lib/cilium/clustermesh/local-etcd-client.key',
          'cert-file: /var/lib/cilium/clustermesh/local-etcd-client.crt',
        ].join('\n'),
      );
      expect(etcdConfig(lab, 'cilium-kvstoremesh', 'cluster2')).toBe(
        [
          'endpoints:',
          '- https://cluster2.mesh.cilium.io:2379',
          'trusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt',
          'key-file: /var/lib/cilium/clustermesh/common-etcd-client.key',
          'cert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt',
          'cilium-host-aliases:',
          '- hostname: cluster2.mesh.cilium.io',
          '  ips: ',
          '    - 10.20.0.100',
        ].join('\n'),
      );
      expect(etcdConfig(lab, 'cilium-kvstoremesh', 'cluster3')).toContain(
        '- https://mesh.example.com:2379\n',
      );
      expect(Object.keys(lab.secretData('cilium-kvstoremesh')!).sort()).toEqual(
        ['cluster2', 'cluster3'],
      );
      expect(
        podSpec(lab.get('Deployment', 'clustermesh-apiserver')).hostAliases,
      ).toEqual([
        { ip: '10.20.0.100', hostnames: ['cluster2.mesh.cilium.io'] },
      ]);
      expect(
        podSpec(lab.get('DaemonSet', 'cilium')).hostAliases,
      ).toBeUndefined();
      expect(lab.get('ConfigMap', 'clustermesh-remote-users')?.data).toEqual({
        'users.yaml':
          'users:\n- name: remote-cluster2\n  role: remote\n- name: remote-cluster3\n  role: remote\n',
      });
      expect(lab.installer.settings()?.clustermesh.peers).toEqual([
        { name: 'cluster2', ips: ['10.20.0.100'], port: 2379 },
        { name: 'cluster3', ips: [], address: 'mesh.example.com', port: 2379 },
      ]);
    } finally {
      await lab.stop();
    }
  }, 30_000);

  it('1.16.19, list form, KVStoreMesh off: agents dial the peers through host aliases', async () => {
    const lab = await startHelmCluster();
    try {
      await lab.upgradeCilium(
        '1.16.19',
        ...base('cluster1', 1),
        ...enable,
        '--set',
        'clustermesh.apiserver.kvstoremesh.enabled=false',
        '--set',
        'clustermesh.config.enabled=true',
        '--set',
        'clustermesh.config.clusters[0].name=cluster2',
        '--set',
        'clustermesh.config.clusters[0].ips={10.20.0.100,10.20.0.101}',
        '--set',
        'clustermesh.config.clusters[0].port=2379',
      );
      expect(etcdConfig(lab, 'cilium-clustermesh', 'cluster2')).toBe(
        [
          'endpoints:',
          '- https://cluster2.mesh.cilium.io:2379',
          'trusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt',
          'key-file: /var/lib/cilium/clustermesh/common-etcd-client.key',
          'cert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt',
        ].join('\n'),
      );
      expect(lab.get('Secret', 'cilium-kvstoremesh')).toBeUndefined();
      expect(podSpec(lab.get('DaemonSet', 'cilium')).hostAliases).toEqual([
        { ip: '10.20.0.100', hostnames: ['cluster2.mesh.cilium.io'] },
        { ip: '10.20.0.101', hostnames: ['cluster2.mesh.cilium.io'] },
      ]);
      expect(
        podSpec(lab.get('Deployment', 'clustermesh-apiserver')).hostAliases,
      ).toBeUndefined();
      expect(
        Object.keys(
          containerPorts(lab.get('Deployment', 'clustermesh-apiserver')),
        ),
      ).toEqual(['etcd', 'apiserver']);
      // authMode defaults to legacy before 1.19: no remote users.
      expect(lab.get('ConfigMap', 'clustermesh-remote-users')).toBeUndefined();
    } finally {
      await lab.stop();
    }
  }, 30_000);
});

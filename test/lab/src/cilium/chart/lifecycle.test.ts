import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate } from 'node:crypto';
import { KubeObject } from '../../kube/types';
import {
  createCertificateAuthority,
  exportKeyPem,
} from '../../pki/certificates';
import { CiliumSettings } from '../settings';
import { HelmCluster, startHelmCluster } from './__testUtils__/helmCluster';

const MESH_SECRETS = [
  'clustermesh-apiserver-server-cert',
  'clustermesh-apiserver-admin-cert',
  'clustermesh-apiserver-remote-cert',
  'clustermesh-apiserver-local-cert',
];

const base = ['--set', 'cluster.name=cluster1', '--set', 'cluster.id=1'];
const enableAndConnect = [
  '--set',
  'clustermesh.useAPIServer=true',
  '--set',
  'clustermesh.config.enabled=true',
  '--set',
  'clustermesh.config.clusters.cluster2.ips={10.20.0.100}',
  '--set',
  'clustermesh.config.clusters.cluster2.port=2379',
];

const b64 = (text: string) => Buffer.from(text).toString('base64');

async function rsaCa(): Promise<{ certPem: string; keyPem: string }> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Mesh CA',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  return {
    certPem: certificate.toString('pem'),
    keyPem: await exportKeyPem(keys.privateKey),
  };
}

function certificateOf(lab: HelmCluster, name: string): X509Certificate {
  return new X509Certificate(lab.secretData(name)!['tls.crt']);
}

describe('a CA shared through tls.ca.cert/tls.ca.key', () => {
  it.each([
    ['an ECDSA CA', () => createCertificateAuthority('Mesh CA')],
    ['an RSA CA', rsaCa],
  ])(
    'gives two clusters the same cilium-ca and certificates it verifies (%s)',
    async (_kind, makeCa) => {
      const ca = await makeCa();
      const caArgs = [
        '--set',
        `tls.ca.cert=${b64(ca.certPem)}`,
        '--set',
        `tls.ca.key=${b64(ca.keyPem)}`,
      ];
      const labs = [
        await startHelmCluster('aks-1'),
        await startHelmCluster('aks-2'),
      ];
      try {
        for (const [index, lab] of labs.entries()) {
          const result = await lab.upgradeCilium(
            '1.19.6',
            '--set',
            `cluster.name=cluster${index + 1}`,
            '--set',
            `cluster.id=${index + 1}`,
            '--set',
            'clustermesh.useAPIServer=true',
            ...caArgs,
          );
          expect(result.code).toBe(0);
          await lab.installer.whenSettled();
        }
        const [first, second] = labs.map(
          lab => lab.get('Secret', 'cilium-ca')?.data,
        );
        expect(first).toEqual(second);
        expect(labs[0].secretData('cilium-ca')!['ca.crt']).toBe(ca.certPem);
        const trusted = new X509Certificate(ca.certPem);
        for (const lab of labs) {
          for (const name of MESH_SECRETS) {
            expect(certificateOf(lab, name).verify(trusted.publicKey)).toBe(
              true,
            );
          }
        }
        expect(
          certificateOf(labs[1], 'clustermesh-apiserver-admin-cert').subject,
        ).toBe('CN=admin-cluster2');
      } finally {
        await Promise.all(labs.map(lab => lab.stop()));
      }
    },
    60_000,
  );
});

describe('upgrades, disable and uninstall on chart 1.20.0', () => {
  let lab: HelmCluster;
  let notified: (CiliumSettings | undefined)[];

  beforeAll(async () => {
    lab = await startHelmCluster();
    notified = [];
    lab.installer.onSettingsChange(settings => notified.push(settings));
    await lab.upgradeCilium('1.20.0', ...base, ...enableAndConnect);
    await lab.installer.whenSettled();
  }, 30_000);

  afterAll(() => lab.stop());

  it('keeps the CA and still-valid certificates across upgrades, and writes nothing unchanged', async () => {
    const before = Object.fromEntries(
      ['cilium-ca', ...MESH_SECRETS].map(name => [
        name,
        lab.get('Secret', name)!,
      ]),
    );
    const agentsBefore = lab.get('DaemonSet', 'cilium')!;
    const result = await lab.upgradeCilium(
      '1.20.0',
      ...base,
      ...enableAndConnect,
    );
    expect(result.out).toContain('REVISION: 2');
    await lab.installer.whenSettled();
    for (const [name, secret] of Object.entries(before)) {
      expect(lab.get('Secret', name)?.metadata.resourceVersion).toBe(
        secret.metadata.resourceVersion,
      );
    }
    expect(lab.get('DaemonSet', 'cilium')?.metadata.resourceVersion).toBe(
      agentsBefore.metadata.resourceVersion,
    );
  }, 30_000);

  it('re-issues only the certificate whose name changes (authMode cluster names the remote user)', async () => {
    const ca = lab.get('Secret', 'cilium-ca')!;
    const server = lab.get('Secret', 'clustermesh-apiserver-server-cert')!;
    await lab.upgradeCilium(
      '1.20.0',
      ...base,
      ...enableAndConnect,
      '--set',
      'clustermesh.apiserver.tls.authMode=cluster',
    );
    await lab.installer.whenSettled();
    expect(
      certificateOf(lab, 'clustermesh-apiserver-remote-cert').subject,
    ).toBe('CN=remote-cluster1');
    expect(lab.get('Secret', 'cilium-ca')?.data).toEqual(ca.data);
    expect(
      lab.get('Secret', 'clustermesh-apiserver-server-cert')?.data,
    ).toEqual(server.data);
  }, 30_000);

  it('keeps status and server-assigned fields when it updates an object', async () => {
    const agents = lab.get('DaemonSet', 'cilium')!;
    lab.server.objects.updateStatus({
      ...agents,
      status: {
        ...(agents.status as object),
        numberReady: 3,
        desiredNumberScheduled: 3,
      },
    });
    const nodePort = (lab.get('Service', 'clustermesh-apiserver')?.spec as any)
      .ports[0].nodePort;
    expect(nodePort).toBe(32379);
    await lab.upgradeCilium(
      '1.20.0',
      ...base,
      ...enableAndConnect,
      '--set',
      'prometheus.enabled=true',
      '--set',
      'clustermesh.apiserver.service.type=LoadBalancer',
    );
    const updated = lab.get('DaemonSet', 'cilium')!;
    expect(updated.status).toMatchObject({
      numberReady: 3,
      desiredNumberScheduled: 3,
    });
    expect(updated.metadata.generation).toBe(2);
    expect(
      (updated.spec as any).template.spec.containers[0].ports,
    ).toContainEqual({
      name: 'prometheus',
      containerPort: 9962,
      hostPort: 9962,
      protocol: 'TCP',
    });
    const service = lab.get('Service', 'clustermesh-apiserver')?.spec as any;
    expect(service.type).toBe('LoadBalancer');
    expect(service.ports[0].nodePort).toBe(nodePort);
    expect(lab.get('ConfigMap', 'cilium-config')?.data).toMatchObject({
      'prometheus-serve-addr': ':9962',
    });
  }, 30_000);

  it('disabling KVStoreMesh drops its secret and certificate and moves host aliases to the agents', async () => {
    await lab.upgradeCilium(
      '1.20.0',
      ...base,
      ...enableAndConnect,
      '--set',
      'clustermesh.apiserver.kvstoremesh.enabled=false',
    );
    await lab.installer.whenSettled();
    expect(lab.get('Secret', 'cilium-kvstoremesh')).toBeUndefined();
    expect(
      lab.get('Secret', 'clustermesh-apiserver-local-cert'),
    ).toBeUndefined();
    expect(
      (lab.get('DaemonSet', 'cilium')?.spec as any).template.spec.hostAliases,
    ).toEqual([{ ip: '10.20.0.100', hostnames: ['cluster2.mesh.cilium.io'] }]);
    const apiserver = (
      lab.get('Deployment', 'clustermesh-apiserver')?.spec as any
    ).template.spec;
    expect(apiserver.hostAliases).toBeUndefined();
    expect(apiserver.containers.map((c: any) => c.name)).toEqual([
      'etcd',
      'apiserver',
    ]);
    expect(lab.secretData('cilium-clustermesh')!.cluster2).toContain(
      '- https://cluster2.mesh.cilium.io:2379\n',
    );
  }, 30_000);

  it('clustermesh disable prunes everything the mesh added but keeps the CA', async () => {
    const ca = lab.get('Secret', 'cilium-ca')!;
    // What `cilium clustermesh disable` sets.
    const result = await lab.upgradeCilium(
      '1.20.0',
      ...base,
      '--set',
      'clustermesh.useAPIServer=false',
      '--set',
      'clustermesh.config.enabled=false',
      '--set',
      'clustermesh.config.clusters={}',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    await lab.installer.whenSettled();
    for (const [kind, name] of [
      ['Deployment', 'clustermesh-apiserver'],
      ['Service', 'clustermesh-apiserver'],
      ['Service', 'clustermesh-apiserver-metrics'],
      ['Secret', 'cilium-clustermesh'],
      ['ConfigMap', 'clustermesh-remote-users'],
      ...MESH_SECRETS.map(secret => ['Secret', secret]),
    ]) {
      expect({ kind, name, found: lab.get(kind, name) !== undefined }).toEqual({
        kind,
        name,
        found: false,
      });
    }
    expect(lab.get('Secret', 'cilium-ca')?.data).toEqual(ca.data);
    expect(lab.installer.settings()?.clustermesh.useAPIServer).toBe(false);
  }, 30_000);

  it('helm uninstall removes everything the release owned and clears the settings', async () => {
    const result = await lab.helm('uninstall', 'cilium', '-n', 'kube-system');
    expect(result.code).toBe(0);
    await lab.installer.whenSettled();
    const owned = [
      'ConfigMap',
      'Secret',
      'Service',
      'Deployment',
      'DaemonSet',
    ].flatMap(kind =>
      lab.server.objects
        .list<KubeObject>(
          {
            apiVersion: ['Deployment', 'DaemonSet'].includes(kind)
              ? 'apps/v1'
              : 'v1',
            kind,
          },
          { labelSelector: 'app.kubernetes.io/managed-by=Helm' },
        )
        .map(object => `${kind}/${object.metadata.name}`),
    );
    expect(owned).toEqual([]);
    expect(lab.installer.settings()).toBeUndefined();
    expect(notified[notified.length - 1]).toBeUndefined();
    expect(notified.filter(Boolean)).toHaveLength(6);
    expect(lab.logged).toEqual([]);
  }, 30_000);
});

describe('when the API refuses an object', () => {
  it('logs it and still applies the rest', async () => {
    const lab = await startHelmCluster();
    try {
      // A pre-existing operator of this release with another selector: selectors are immutable.
      lab.server.objects.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'cilium-operator',
          namespace: 'kube-system',
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
          annotations: {
            'meta.helm.sh/release-name': 'cilium',
            'meta.helm.sh/release-namespace': 'kube-system',
          },
        },
        spec: {
          selector: { matchLabels: { app: 'other' } },
          template: {
            metadata: { labels: { app: 'other' } },
            spec: { containers: [{ name: 'x', image: 'x' }] },
          },
        },
      });
      const result = await lab.upgradeCilium('1.20.0', ...base);
      expect(result.code).toBe(0);
      expect(lab.logged).toEqual([
        expect.stringMatching(
          /^cannot apply Deployment\/kube-system\/cilium-operator: .*field is immutable/,
        ),
      ]);
      expect(lab.get('DaemonSet', 'cilium')).toBeDefined();
      expect(lab.installer.settings()?.clusterName).toBe('cluster1');
    } finally {
      await lab.stop();
    }
  }, 30_000);
});

describe('objects the release does not own', () => {
  it('stop an install, as helm refuses to adopt them, and nothing is stored', async () => {
    const lab = await startHelmCluster();
    try {
      // `kubectl create secret` of a CA copied from another cluster, without Helm's metadata.
      lab.server.objects.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cilium-ca', namespace: 'kube-system' },
        data: { 'ca.crt': 'Y2E=', 'ca.key': 'a2V5' },
      });
      const result = await lab.upgradeCilium('1.20.0', ...base);
      expect(result.code).toBe(1);
      expect(result.err).toContain(
        'Error: INSTALLATION FAILED: Unable to continue with install: Secret "cilium-ca" in namespace "kube-system" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "cilium"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "kube-system"',
      );
      expect(
        lab.server.objects.list(
          { apiVersion: 'v1', kind: 'Secret' },
          { namespace: 'kube-system', labelSelector: 'owner=helm' },
        ),
      ).toEqual([]);
      expect(lab.installer.settings()).toBeUndefined();
    } finally {
      await lab.stop();
    }
  }, 30_000);
});

import { X509Certificate } from 'node:crypto';
import { KubeObject } from '../../kube/types';
import { CiliumSettings } from '../settings';
import {
  HelmCluster,
  seedInstallArgs,
  startHelmCluster,
} from './__testUtils__/helmCluster';

const OWNED = {
  labels: expect.objectContaining({ 'app.kubernetes.io/managed-by': 'Helm' }),
  annotations: expect.objectContaining({
    'meta.helm.sh/release-name': 'cilium',
    'meta.helm.sh/release-namespace': 'kube-system',
  }),
};

function podSpec(object: KubeObject | undefined): any {
  return (object?.spec as any)?.template?.spec;
}

describe.each(['1.16.19', '1.19.6', '1.20.0'])(
  'installing chart %s with the seed values',
  version => {
    let lab: HelmCluster;
    let notified: (CiliumSettings | undefined)[];

    beforeAll(async () => {
      lab = await startHelmCluster();
      notified = [];
      lab.installer.onSettingsChange(settings => notified.push(settings));
      const result = await lab.upgradeCilium(
        version,
        ...seedInstallArgs({
          fqdn: lab.server.spec.fqdn,
          clusterName: 'cluster1',
          clusterId: 1,
          podCidr: '10.244.0.0/16',
        }),
      );
      if (result.code !== 0) throw new Error(`helm failed: ${result.err}`);
    }, 30_000);

    afterAll(() => lab.stop());

    it('renders cilium-config with the keys readers look at, as strings', () => {
      const configMap = lab.get('ConfigMap', 'cilium-config');
      expect(configMap?.metadata).toMatchObject(OWNED);
      expect(configMap?.data).toMatchObject({
        'cluster-name': 'cluster1',
        'cluster-id': '1',
        'routing-mode': 'tunnel',
        'tunnel-protocol': 'vxlan',
        'kube-proxy-replacement': 'true',
        'max-connected-clusters': '255',
        ipam: 'cluster-pool',
        'cluster-pool-ipv4-cidr': '10.244.0.0/16',
        'cluster-pool-ipv4-mask-size': '24',
        'identity-allocation-mode': 'crd',
        'enable-ipv4': 'true',
        'enable-ipv6': 'false',
        'enable-hubble': 'true',
      });
      expect(configMap?.data).not.toHaveProperty('prometheus-serve-addr');
    });

    it('renders the agents and the operator at once, owned by the release', () => {
      const agents = lab.get('DaemonSet', 'cilium');
      expect(agents?.metadata).toMatchObject({
        ...OWNED,
        labels: expect.objectContaining({
          'k8s-app': 'cilium',
          'app.kubernetes.io/name': 'cilium-agent',
          'app.kubernetes.io/part-of': 'cilium',
        }),
      });
      const pod = podSpec(agents);
      expect(pod).toMatchObject({
        hostNetwork: true,
        tolerations: [{ operator: 'Exists' }],
      });
      expect(pod.containers[0]).toMatchObject({
        name: 'cilium-agent',
        image: `quay.io/cilium/cilium:v${version}`,
      });
      expect(pod.containers[0].env).toEqual(
        expect.arrayContaining([
          { name: 'KUBERNETES_SERVICE_HOST', value: lab.server.spec.fqdn },
          { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
        ]),
      );
      const operator = lab.get('Deployment', 'cilium-operator');
      expect(operator?.metadata).toMatchObject(OWNED);
      expect(operator?.spec).toMatchObject({
        replicas: 2,
        selector: {
          matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' },
        },
      });
      expect(podSpec(operator)).toMatchObject({ hostNetwork: true });
      expect(podSpec(operator).containers[0].image).toBe(
        `quay.io/cilium/operator-generic:v${version}`,
      );
    });

    it('reports the settings to listeners', () => {
      expect(lab.installer.settings()).toMatchObject({
        chartVersion: version,
        clusterName: 'cluster1',
        clusterId: 1,
        podCidrs: ['10.244.0.0/16'],
        kubeProxyReplacement: true,
        routingMode: 'tunnel',
        clustermesh: { useAPIServer: false, configEnabled: false, peers: [] },
      });
      expect(notified).toEqual([lab.installer.settings()]);
    });

    it('creates the Cilium CA (Hubble needs it) once the certificate work settles', async () => {
      await lab.installer.whenSettled();
      const ca = lab.secretData('cilium-ca');
      expect(new X509Certificate(ca!['ca.crt']).subject).toBe('CN=Cilium CA');
      expect(
        lab.get('Secret', 'clustermesh-apiserver-server-cert'),
      ).toBeUndefined();
      expect(lab.get('Deployment', 'clustermesh-apiserver')).toBeUndefined();
      expect(lab.logged).toEqual([]);
    });
  },
);

describe('an installer started after helm', () => {
  it('applies the release that is already there, and only once', async () => {
    const lab = await startHelmCluster('aks-late', { installer: false });
    try {
      await lab.upgradeCilium(
        '1.19.6',
        '--set',
        'cluster.name=late',
        '--set',
        'cluster.id=9',
      );
      expect(lab.get('ConfigMap', 'cilium-config')).toBeUndefined();
      const installer = lab.startInstaller();
      expect(lab.get('ConfigMap', 'cilium-config')?.data).toMatchObject({
        'cluster-name': 'late',
        'cluster-id': '9',
      });
      expect(installer.settings()?.clusterId).toBe(9);
      const version = lab.get('DaemonSet', 'cilium')?.metadata.resourceVersion;
      // A new installer on the same cluster finds nothing to change.
      const second = lab.startInstaller();
      expect(second.settings()?.clusterName).toBe('late');
      expect(lab.get('DaemonSet', 'cilium')?.metadata.resourceVersion).toBe(
        version,
      );
      second.stop();
      // Started after an upgrade it missed, it still removes what the upgrade dropped.
      await lab.upgradeCilium(
        '1.19.6',
        '--set',
        'cluster.name=late',
        '--set',
        'cluster.id=9',
        '--set',
        'clustermesh.config.enabled=true',
        '--set',
        'clustermesh.config.clusters[0].name=peer',
        '--set',
        'clustermesh.config.clusters[0].ips={10.9.0.1}',
        '--set',
        'clustermesh.config.clusters[0].port=2379',
      );
      expect(
        (lab.get('DaemonSet', 'cilium')?.spec as any).template.spec.hostAliases,
      ).toHaveLength(1);
      installer.stop();
      await lab.upgradeCilium(
        '1.19.6',
        '--set',
        'cluster.name=late',
        '--set',
        'cluster.id=9',
      );
      lab.startInstaller();
      expect(
        (lab.get('DaemonSet', 'cilium')?.spec as any).template.spec,
      ).not.toHaveProperty('hostAliases');
      expect(lab.get('Secret', 'cilium-clustermesh')).toBeUndefined();
    } finally {
      await lab.stop();
    }
  }, 30_000);
});

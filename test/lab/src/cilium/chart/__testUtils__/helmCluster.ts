import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHelm } from '../../../helm/main';
import { KubeApiServer } from '../../../kube/apiServer';
import { startTestCluster, testClusterSpec } from '../../../kube/testCluster';
import { KubeObject } from '../../../kube/types';
import { CiliumInstaller, startCiliumInstaller } from '../installer';

export interface HelmRun {
  code: number;
  out: string;
  err: string;
}

/** A lab cluster with the Cilium installer, and the lab's helm run in-process against its admin kubeconfig. */
export interface HelmCluster {
  server: KubeApiServer;
  installer: CiliumInstaller;
  /** Starts the installer now, for a cluster created with `{ installer: false }`. */
  startInstaller(): CiliumInstaller;
  logged: string[];
  helm(...args: string[]): Promise<HelmRun>;
  /** `helm upgrade --install cilium cilium/cilium --version <v> -n kube-system ...` */
  upgradeCilium(version: string, ...args: string[]): Promise<HelmRun>;
  get(kind: string, name: string, namespace?: string): KubeObject | undefined;
  secretData(name: string): Record<string, string> | undefined;
  stop(): Promise<void>;
}

const API_VERSIONS: Record<string, string> = {
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
};

export async function startHelmCluster(
  name = 'aks-weu',
  options: { installer?: boolean } = {},
): Promise<HelmCluster> {
  const { server } = await startTestCluster(
    {},
    testClusterSpec({
      name,
      fqdn: `${name}-dns-12345678.hcp.westeurope.azmk8s.io`,
    }),
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'lab-cilium-chart-'));
  const kubeconfig = path.join(dir, 'admin.yaml');
  await writeFile(kubeconfig, server.adminKubeconfig(), { mode: 0o600 });
  await chmod(dir, 0o700);
  const logged: string[] = [];
  const startInstaller = () =>
    startCiliumInstaller(
      server.objects,
      { fqdn: server.spec.fqdn },
      { log: message => logged.push(message) },
    );
  let installer: CiliumInstaller | undefined =
    options.installer === false ? undefined : startInstaller();
  const helm = async (...args: string[]): Promise<HelmRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runHelm([...args, '--kubeconfig', kubeconfig], {
      out: text => out.push(text),
      err: text => err.push(text),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const get = (kind: string, objectName: string, namespace = 'kube-system') =>
    server.objects.get<KubeObject>({
      apiVersion: API_VERSIONS[kind] ?? 'v1',
      kind,
      namespace,
      name: objectName,
    });
  return {
    server,
    get installer() {
      if (!installer) throw new Error('the installer has not been started');
      return installer;
    },
    startInstaller() {
      installer = startInstaller();
      return installer;
    },
    logged,
    helm,
    upgradeCilium: (version, ...args) =>
      helm(
        'upgrade',
        '--install',
        'cilium',
        'cilium/cilium',
        '--version',
        version,
        '-n',
        'kube-system',
        ...args,
      ),
    get,
    secretData(secretName) {
      const data = get('Secret', secretName)?.data as
        | Record<string, string>
        | undefined;
      return data
        ? Object.fromEntries(
            Object.entries(data).map(([key, value]) => [
              key,
              Buffer.from(value, 'base64').toString('utf8'),
            ]),
          )
        : undefined;
    },
    async stop() {
      installer?.stop();
      await installer?.whenSettled();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The seed's `helm install` settings (cluster-mesh-with-cilium-in-aks.md), as `--set` flags. */
export function seedInstallArgs(options: {
  fqdn: string;
  clusterName: string;
  clusterId: number;
  podCidr: string;
}): string[] {
  return [
    '--set',
    'hubble.relay.enabled=true',
    '--set',
    'hubble.ui.enabled=true',
    '--set',
    'aksbyocni.enabled=true',
    '--set',
    'nodeinit.enabled=true',
    '--set',
    `k8sServiceHost=${options.fqdn}`,
    '--set-string',
    'kubeProxyReplacement=true',
    '--set',
    'k8sServicePort=443',
    '--set',
    `ipam.operator.clusterPoolIPv4PodCIDRList={${options.podCidr}}`,
    '--set',
    `cluster.id=${options.clusterId}`,
    '--set',
    `cluster.name=${options.clusterName}`,
    '--set',
    'azure.resourceGroup=rg-mesh',
  ];
}

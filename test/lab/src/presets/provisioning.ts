import { KubeConfig } from '@kubernetes/client-node';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runHelm } from '../helm/main';
import { LabArmClient } from './arm';

/** The preview api-version: the only one that carries kubeProxyConfig (research-azure). */
export const AKS_PREVIEW_API_VERSION = '2026-10-02-preview';
const AKS_API_VERSION = '2026-06-01';
const NETWORK_API_VERSION = '2024-05-01';
const RESOURCES_API_VERSION = '2021-04-01';

export interface ByocniClusterRequest {
  resourceGroup: string;
  name: string;
  podCidr: string;
  nodeCount: number;
  /** Put the nodes in this subnet (a BYO VNet), as the seed's spokes do. */
  subnetId?: string;
  location?: string;
}

export async function createResourceGroup(
  arm: LabArmClient,
  name: string,
  location = 'westeurope',
): Promise<void> {
  await arm.put(
    `${arm.subscriptionPath}/resourcegroups/${name}`,
    RESOURCES_API_VERSION,
    { location },
  );
}

/** A spoke VNet whose only subnet holds the nodes; returns the subnet id. */
export async function createSpokeVnet(
  arm: LabArmClient,
  spoke: {
    resourceGroup: string;
    name: string;
    addressPrefix: string;
    location?: string;
  },
): Promise<string> {
  const vnet = await arm.put(
    `${arm.subscriptionPath}/resourceGroups/${spoke.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${spoke.name}`,
    NETWORK_API_VERSION,
    {
      location: spoke.location ?? 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: [spoke.addressPrefix] },
        subnets: [
          { name: 'nodes', properties: { addressPrefix: spoke.addressPrefix } },
        ],
      },
    },
  );
  return vnet.properties.subnets[0].id;
}

/** An AKS cluster with no CNI and kube-proxy off, as the seed makes them, with its admin kubeconfig. */
export async function createByocniCluster(
  arm: LabArmClient,
  request: ByocniClusterRequest,
): Promise<{ fqdn: string; kubeconfig: string }> {
  const clusterPath = `${arm.subscriptionPath}/resourceGroups/${request.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${request.name}`;
  const cluster = await arm.put(clusterPath, AKS_PREVIEW_API_VERSION, {
    location: request.location ?? 'westeurope',
    identity: { type: 'SystemAssigned' },
    properties: {
      kubernetesVersion: '1.33',
      dnsPrefix: request.name,
      agentPoolProfiles: [
        {
          name: 'system',
          mode: 'System',
          count: request.nodeCount,
          vmSize: 'Standard_D4s_v5',
          osType: 'Linux',
          ...(request.subnetId ? { vnetSubnetID: request.subnetId } : {}),
        },
      ],
      networkProfile: {
        networkPlugin: 'none',
        podCidr: request.podCidr,
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        outboundType: 'loadBalancer',
        kubeProxyConfig: { enabled: false },
      },
    },
  });
  const credentials = await arm.post(
    `${clusterPath}/listClusterAdminCredential`,
    AKS_API_VERSION,
  );
  return {
    fqdn: cluster.properties.fqdn,
    kubeconfig: Buffer.from(
      credentials.kubeconfigs[0].value,
      'base64',
    ).toString('utf8'),
  };
}

/** Keeps kubeconfigs and values with secrets where only the lab's user can read them. */
export async function writePrivateFile(
  directory: string,
  name: string,
  content: string,
): Promise<string> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, name);
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Runs the lab's helm in-process — the same code `bin/helm` runs — and fails with its stderr. */
export async function helm(argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await runHelm(argv, {
    out: text => (out += `${text}\n`),
    err: text => (err += `${text}\n`),
  });
  if (code !== 0) throw new Error(`helm ${argv[0]} failed: ${err.trim()}`);
  return out;
}

export interface CiliumHelmCall {
  kubeconfigFile: string;
  chartVersion: string;
  /** `-f` files, in order. */
  valuesFiles?: string[];
  /** `--set` assignments. */
  set?: string[];
  /** `upgrade --install` (else a plain upgrade with `--reuse-values`). */
  install?: boolean;
  /** `--wait --timeout 2m`. */
  wait?: boolean;
}

/** `helm upgrade` of the `cilium` release in kube-system, as an operator types it. */
export function upgradeCilium(call: CiliumHelmCall): Promise<string> {
  return helm([
    'upgrade',
    ...(call.install ? ['--install'] : ['--reuse-values']),
    'cilium',
    'cilium/cilium',
    '--version',
    call.chartVersion,
    '--namespace',
    'kube-system',
    '--kubeconfig',
    call.kubeconfigFile,
    ...(call.valuesFiles ?? []).flatMap(file => ['-f', file]),
    ...(call.set ?? []).flatMap(assignment => ['--set', assignment]),
    ...(call.wait ? ['--wait', '--timeout', '2m'] : []),
  ]);
}

export function kubeConfigFrom(yaml: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(yaml);
  return config;
}

/** Polls until `read` returns a value, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

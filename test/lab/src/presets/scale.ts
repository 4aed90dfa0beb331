import path from 'node:path';
import { stringify } from 'yaml';
import type { Lab } from '../lab';
import { createCertificateAuthority } from '../pki/certificates';
import { LabArmClient } from './arm';
import { globalServiceWorkload } from './workloads';
import { installValues, meshConfigValues, MeshPeer } from './ciliumValues';
import {
  createByocniCluster,
  createResourceGroup,
  upgradeCilium,
  writePrivateFile,
} from './provisioning';

export interface ScaleOptions {
  clusters: number;
  nodesPerCluster: number;
  globalServices: number;
  /** How many clusters serve each global service. */
  clustersPerService?: number;
  chartVersion?: string;
  workDir: string;
  log?: (line: string) => void;
}

const SCALE_NAMESPACE = 'scale';
const PARALLEL = 8;

async function inBatches<T, R>(
  items: T[],
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * A generated mesh to measure the lab and the plugins against: N clusters
 * of K nodes through ARM, Cilium through helm with every peer configured up
 * front (internal load balancer addresses pinned, as a plugin would), and M
 * global services spread over the clusters through the in-process API.
 */
export async function applyScalePreset(
  lab: Lab,
  options: ScaleOptions,
): Promise<{ aksName: string; ciliumName: string }[]> {
  const chartVersion = options.chartVersion ?? '1.20.0';
  const log = options.log ?? (() => undefined);
  const maxConnectedClusters = options.clusters > 255 ? 511 : 255;
  const arm = new LabArmClient(lab.arm);
  const secrets = path.join(options.workDir, 'scale');
  const ca = await createCertificateAuthority('Cilium CA');
  await createResourceGroup(arm, 'rg-scale');

  const clusters = Array.from({ length: options.clusters }, (_, index) => ({
    aksName: `aks-scale-${index + 1}`,
    ciliumName: `scale-${index + 1}`,
    clusterId: index + 1,
    // A /20 per cluster: sixteen /24 node blocks of the cluster pool.
    podCidr: `10.${64 + Math.floor(index / 16)}.${(index % 16) * 16}.0/20`,
    loadBalancerIp: `10.225.${Math.floor(index / 250)}.${(index % 250) + 4}`,
  }));
  const peers: MeshPeer[] = clusters.map(cluster => ({
    name: cluster.ciliumName,
    ips: [cluster.loadBalancerIp],
    port: 2379,
  }));
  // JSON is valid YAML for helm, and quicker to read 255 times.
  const meshFile = await writePrivateFile(
    secrets,
    'mesh.json',
    JSON.stringify(meshConfigValues(chartVersion, peers)),
  );
  const copies = Math.min(options.clustersPerService ?? 3, clusters.length);
  const servicesOf: string[][] = clusters.map(() => []);
  for (let service = 0; service < options.globalServices; service++) {
    for (let copy = 0; copy < copies; copy++) {
      servicesOf[(service * copies + copy) % clusters.length].push(
        `global-${service + 1}`,
      );
    }
  }
  await inBatches(clusters, async (cluster, index) => {
    const { fqdn, kubeconfig } = await createByocniCluster(arm, {
      resourceGroup: 'rg-scale',
      name: cluster.aksName,
      podCidr: cluster.podCidr,
      nodeCount: options.nodesPerCluster,
    });
    const kubeconfigFile = await writePrivateFile(
      secrets,
      `${cluster.aksName}.kubeconfig`,
      kubeconfig,
    );
    const valuesFile = await writePrivateFile(
      secrets,
      `${cluster.aksName}.values.yaml`,
      stringify(
        installValues({
          chartVersion,
          clusterName: cluster.ciliumName,
          clusterId: cluster.clusterId,
          podCidr: cluster.podCidr,
          apiServerHost: fqdn,
          resourceGroup: 'rg-scale',
          ca,
          maxConnectedClusters,
          loadBalancerIp: cluster.loadBalancerIp,
        }),
      ),
    );
    await upgradeCilium({
      kubeconfigFile,
      chartVersion,
      valuesFiles: [valuesFile, meshFile],
      install: true,
    });
    // Workloads go in as each cluster is up, as teams would deploy.
    const objects = lab.cluster(cluster.aksName).objects;
    objects.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SCALE_NAMESPACE },
    });
    for (const name of servicesOf[index]) createGlobalService(objects, name);
  });
  log(
    `lab: ${clusters.length} clusters with Cilium ${chartVersion}, ${options.globalServices} global services in ${copies} clusters each`,
  );
  await lab.mesh.settled();
  return clusters.map(({ aksName, ciliumName }) => ({ aksName, ciliumName }));
}

function createGlobalService(
  objects: ReturnType<Lab['cluster']>['objects'],
  name: string,
): void {
  const { deployment, service } = globalServiceWorkload({
    name,
    namespace: SCALE_NAMESPACE,
    container: { name: 'app', image: 'registry.k8s.io/pause:3.10' },
    annotations: { 'service.cilium.io/global': 'true' },
  });
  objects.create(deployment);
  objects.create(service);
}

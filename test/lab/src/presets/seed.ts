import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
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
  createSpokeVnet,
  upgradeCilium,
  kubeConfigFrom,
  waitFor,
  writePrivateFile,
} from './provisioning';

export interface MeshClusterPlan {
  /** The AKS resource name. */
  aksName: string;
  resourceGroup: string;
  /** cluster.name in Cilium. */
  ciliumName: string;
  clusterId: number;
  podCidr: string;
  vnetPrefix: string;
  /** Overrides the mesh-wide chart version for this cluster. */
  chartVersion?: string;
}

/** The seed document's three clusters, each in its own resource group and spoke. */
export const SEED_CLUSTERS: MeshClusterPlan[] = [1, 2, 3].map(index => ({
  aksName: index === 1 ? 'aks-ciliumlab' : `aks-ciliumlab${index}`,
  resourceGroup: index === 1 ? 'rsg-ciliumlab' : `rsg-ciliumlab${index}`,
  ciliumName: `cluster${index}`,
  clusterId: index,
  podCidr: `10.${index}.0.0/16`,
  vnetPrefix: `172.21.${9 + index}.0/24`,
}));

export const SEED_NAMESPACE = 'meshtest';
export const SEED_SERVICE = 'aks-helloworld-one';

export interface MeshBuildOptions {
  /** Where kubeconfigs and values files go (mode 0600 files in a 0700 folder). */
  workDir: string;
  chartVersion?: string;
  log?: (line: string) => void;
}

/**
 * Builds the seed document's mesh the way an operator would — ARM for the
 * spokes and BYOCNI clusters, helm for Cilium with one shared CA and an
 * internal load balancer, helm again to connect every cluster, then the
 * Kubernetes API for the demo workload — so the preset itself proves that
 * path works end to end.
 */
export async function applySeedPreset(
  lab: Lab,
  options: MeshBuildOptions,
): Promise<void> {
  const built = await buildMesh(lab, SEED_CLUSTERS, options);
  await Promise.all(
    built.map(({ plan, kubeconfig }) => deployHelloWorld(kubeconfig, plan)),
  );
  await lab.mesh.settled();
  options.log?.(
    'lab: seed mesh connected; meshtest/aks-helloworld-one is global in all three clusters',
  );
}

export interface BuiltCluster {
  plan: MeshClusterPlan;
  /** Admin kubeconfig YAML from ARM. */
  kubeconfig: string;
  kubeconfigFile: string;
}

/** Provisions the planned clusters through ARM, installs Cilium with one CA through helm and connects them all. */
export async function buildMesh(
  lab: Lab,
  plans: MeshClusterPlan[],
  options: MeshBuildOptions,
): Promise<BuiltCluster[]> {
  const log = options.log ?? (() => undefined);
  const versionOf = (plan: MeshClusterPlan) =>
    plan.chartVersion ?? options.chartVersion ?? '1.20.0';
  const arm = new LabArmClient(lab.arm);
  const secrets = path.join(options.workDir, 'mesh');
  const ca = await createCertificateAuthority('Cilium CA');

  const provisioned = await Promise.all(
    plans.map(async plan => {
      await createResourceGroup(arm, plan.resourceGroup);
      const subnetId = await createSpokeVnet(arm, {
        resourceGroup: plan.resourceGroup,
        name: `vnet-${plan.aksName}`,
        addressPrefix: plan.vnetPrefix,
      });
      const { fqdn, kubeconfig } = await createByocniCluster(arm, {
        resourceGroup: plan.resourceGroup,
        name: plan.aksName,
        podCidr: plan.podCidr,
        nodeCount: 3,
        subnetId,
      });
      const kubeconfigFile = await writePrivateFile(
        secrets,
        `${plan.aksName}.kubeconfig`,
        kubeconfig,
      );
      return { plan, fqdn, kubeconfig, kubeconfigFile };
    }),
  );
  log(`lab: clusters ${plans.map(c => c.aksName).join(', ')} provisioned`);

  const peers: MeshPeer[] = await Promise.all(
    provisioned.map(async ({ plan, fqdn, kubeconfig, kubeconfigFile }) => {
      const valuesFile = await writePrivateFile(
        secrets,
        `${plan.aksName}.values.yaml`,
        stringify(
          installValues({
            chartVersion: versionOf(plan),
            clusterName: plan.ciliumName,
            clusterId: plan.clusterId,
            podCidr: plan.podCidr,
            apiServerHost: fqdn,
            resourceGroup: plan.resourceGroup,
            ca,
          }),
        ),
      );
      await upgradeCilium({
        kubeconfigFile,
        chartVersion: versionOf(plan),
        valuesFiles: [valuesFile],
        install: true,
        wait: true,
      });
      const core = kubeConfigFrom(kubeconfig).makeApiClient(CoreV1Api);
      const ip = await waitFor(
        `the clustermesh-apiserver address of ${plan.aksName}`,
        async () => {
          const service = await core.readNamespacedService({
            name: 'clustermesh-apiserver',
            namespace: 'kube-system',
          });
          return service.status?.loadBalancer?.ingress?.[0]?.ip;
        },
      );
      return { name: plan.ciliumName, ips: [ip], port: 2379 };
    }),
  );
  log(
    `lab: Cilium installed; clustermesh-apiservers at ${peers
      .map(p => p.ips[0])
      .join(', ')}`,
  );

  await Promise.all(
    provisioned.map(async ({ plan, kubeconfigFile }) => {
      const valuesFile = await writePrivateFile(
        secrets,
        `${plan.aksName}.mesh.yaml`,
        stringify(meshConfigValues(versionOf(plan), peers)),
      );
      await upgradeCilium({
        kubeconfigFile,
        chartVersion: versionOf(plan),
        valuesFiles: [valuesFile],
      });
    }),
  );
  await lab.mesh.settled();
  return provisioned.map(({ plan, kubeconfig, kubeconfigFile }) => ({
    plan,
    kubeconfig,
    kubeconfigFile,
  }));
}

/** The seed's demo app: cluster1 keeps its backends to itself, cluster2 prefers remote ones. */
async function deployHelloWorld(
  kubeconfig: string,
  cluster: MeshClusterPlan,
): Promise<void> {
  const config = kubeConfigFrom(kubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const index = cluster.clusterId;
  const { deployment, service } = globalServiceWorkload({
    name: SEED_SERVICE,
    namespace: SEED_NAMESPACE,
    container: {
      name: 'aks-helloworld',
      image: 'mcr.microsoft.com/azuredocs/aks-helloworld:v1',
      ports: [{ containerPort: 80 }],
      env: [
        {
          name: 'TITLE',
          value: `Welcome to Azure Kubernetes Service (AKS) 'App One' on cluster ${index}`,
        },
      ],
    },
    annotations: {
      'service.cilium.io/global': 'true',
      'service.cilium.io/shared': index === 1 ? 'false' : 'true',
      ...(index === 2 ? { 'service.cilium.io/affinity': 'remote' } : {}),
    },
  });
  await core.createNamespace({ body: { metadata: { name: SEED_NAMESPACE } } });
  await apps.createNamespacedDeployment({
    namespace: SEED_NAMESPACE,
    body: deployment,
  });
  await core.createNamespacedService({
    namespace: SEED_NAMESPACE,
    body: service,
  });
}

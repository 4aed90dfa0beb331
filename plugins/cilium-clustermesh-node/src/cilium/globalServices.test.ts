import { NotFoundError } from '@backstage/errors';
import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { Lab } from '@meshportal/lab';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClusterAccess } from '../azure/clusterAccess';
import { HelmRunner } from '../helm/helmRunner';
import {
  createLabAksCluster,
  kubeConfigFor,
  labHelmBinary,
} from './__testUtils__/labAks';
import { ensureCiliumRelease } from './ciliumRelease';
import { waitForClustermeshApiserverAddress } from './clustermeshApiserver';
import { deployHelloWorld, makeServiceGlobal } from './globalServices';
import { chooseMeshCa, createMeshCa, readClusterCa } from './meshCa';

// Two clusters meshed with this package's own functions (research-cilium §1.8).
jest.setTimeout(90_000);

const NAMESPACE = 'meshtest';
const SERVICE = 'aks-helloworld-one';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('global services in a mesh built by the plugin code', () => {
  let lab: Lab;
  let tempRoot: string;
  const clusters: {
    access: ClusterAccess;
    kubeConfig: KubeConfig;
    name: string;
    id: number;
    podCidr: string;
  }[] = [];

  beforeAll(async () => {
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    tempRoot = await mkdtemp(path.join(tmpdir(), 'global-services-'));
    const helm = new HelmRunner({ binary: labHelmBinary(), tempRoot });
    for (const [index, access] of (
      await Promise.all([
        createLabAksCluster(lab, 'aks-gs-1', '10.11.0.0/16', '172.21.11.0/24'),
        createLabAksCluster(lab, 'aks-gs-2', '10.12.0.0/16', '172.21.12.0/24'),
      ])
    ).entries()) {
      clusters.push({
        access,
        kubeConfig: kubeConfigFor(access),
        name: `cluster${index + 1}`,
        id: index + 1,
        podCidr: `10.1${index + 1}.0.0/16`,
      });
    }
    const choice = chooseMeshCa(
      await Promise.all(
        clusters.map(async c => ({
          cluster: c.access.cluster,
          ca: await readClusterCa(c.kubeConfig),
        })),
      ),
    );
    if (choice.kind !== 'generate') throw new Error('fresh clusters hold a CA');
    const ca = await createMeshCa('meshportal gs-mesh');
    const install = (c: (typeof clusters)[number]) => ({
      aksbyocni: { enabled: true },
      kubeProxyReplacement: 'true',
      k8sServiceHost: c.access.fqdn,
      k8sServicePort: '443',
      ipam: { operator: { clusterPoolIPv4PodCIDRList: [c.podCidr] } },
      cluster: { id: c.id, name: c.name },
      tls: { ca: { cert: base64(ca.certPem), key: base64(ca.keyPem) } },
      clustermesh: {
        useAPIServer: true,
        // As on Azure Fleet: namespaces opt in.
        defaultGlobalNamespace: false,
        apiserver: {
          service: {
            type: 'LoadBalancer',
            annotations: {
              'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
            },
          },
        },
      },
    });
    const peers = await Promise.all(
      clusters.map(async c => {
        await ensureCiliumRelease(helm, c.access, {
          chartVersion: '1.20.0',
          desiredValues: () => install(c),
          wait: true,
        });
        const address = await waitForClustermeshApiserverAddress(c.kubeConfig, {
          timeoutMs: 20_000,
          pollIntervalMs: 50,
        });
        return [c.name, address] as const;
      }),
    );
    await Promise.all(
      clusters.map(c =>
        ensureCiliumRelease(helm, c.access, {
          chartVersion: '1.20.0',
          desiredValues: current => ({
            ...current,
            clustermesh: {
              ...(current?.clustermesh as object),
              config: { enabled: true, clusters: Object.fromEntries(peers) },
            },
          }),
        }),
      ),
    );
    await lab.mesh.settled();
  });

  afterAll(async () => {
    await lab?.stop();
    await rm(tempRoot, { recursive: true, force: true });
  });

  const core = (index: number) =>
    clusters[index].kubeConfig.makeApiClient(CoreV1Api);
  const annotationsOf = async (index: number) =>
    (
      await core(index).readNamespacedService({
        name: SERVICE,
        namespace: NAMESPACE,
      })
    ).metadata?.annotations ?? {};

  /** Pod IPs serving clients of cluster `index`, once the mesh has settled. */
  const backendNetworks = async (index: number) => {
    await lab.mesh.settled();
    const ips = lab.mesh
      .backendsFor(clusters[index].access.cluster, NAMESPACE, SERVICE)
      .map(b => b.ip);
    return [
      ...new Set(ips.map(ip => ip.split('.').slice(0, 2).join('.'))),
    ].sort();
  };

  it('refuses to make a missing Service global, saying what to deploy', async () => {
    const error = await makeServiceGlobal(clusters[0].kubeConfig, {
      namespace: NAMESPACE,
      service: SERVICE,
      global: true,
    }).catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      'Service meshtest/aks-helloworld-one does not exist in aks-gs-1. Fix: deploy the Service (same namespace, name and ports in every cluster of the mesh), then make it global',
    );
  });

  it('deploys the seed hello-world app, once', async () => {
    for (const [index, c] of clusters.entries()) {
      await expect(
        deployHelloWorld(c.kubeConfig, {
          namespace: NAMESPACE,
          name: SERVICE,
          title: `App One on cluster ${index + 1}`,
        }),
      ).resolves.toEqual({ created: ['Namespace', 'Deployment', 'Service'] });
    }
    await expect(
      deployHelloWorld(clusters[0].kubeConfig, {
        namespace: NAMESPACE,
        name: SERVICE,
        title: 'again',
      }),
    ).resolves.toEqual({ created: [] });
    const deadline = Date.now() + 15_000;
    while ((await backendNetworks(0)).length === 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(await backendNetworks(0)).toEqual(['10.11']);
  });

  it('annotates the Service once, and patches nothing when it already matches', async () => {
    const options = {
      namespace: NAMESPACE,
      service: SERVICE,
      global: true as const,
      shared: false,
      affinity: 'remote' as const,
    };
    await expect(
      makeServiceGlobal(clusters[0].kubeConfig, options),
    ).resolves.toEqual({
      servicePatched: true,
      namespacePatched: false,
      annotations: {
        'service.cilium.io/global': 'true',
        'service.cilium.io/shared': 'false',
        'service.cilium.io/affinity': 'remote',
      },
    });
    const version = (
      await core(0).readNamespacedService({
        name: SERVICE,
        namespace: NAMESPACE,
      })
    ).metadata?.resourceVersion;
    await expect(
      makeServiceGlobal(clusters[0].kubeConfig, options),
    ).resolves.toMatchObject({
      servicePatched: false,
    });
    expect(
      (
        await core(0).readNamespacedService({
          name: SERVICE,
          namespace: NAMESPACE,
        })
      ).metadata?.resourceVersion,
    ).toBe(version);
  });

  it('removes shared, affinity "none" and legacy aliases the options leave out', async () => {
    await core(0).patchNamespacedService(
      {
        name: SERVICE,
        namespace: NAMESPACE,
        body: {
          metadata: {
            annotations: {
              'io.cilium/shared-service': 'false',
              'io.cilium/global-service': 'true',
              'example.com/owner': 'team-a',
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await expect(
      makeServiceGlobal(clusters[0].kubeConfig, {
        namespace: NAMESPACE,
        service: SERVICE,
        global: true,
        affinity: 'none',
      }),
    ).resolves.toEqual({
      servicePatched: true,
      namespacePatched: false,
      annotations: { 'service.cilium.io/global': 'true' },
    });
    expect(await annotationsOf(0)).toEqual({
      'service.cilium.io/global': 'true',
      'example.com/owner': 'team-a',
    });
  });

  it('needs the namespace made global on Cilium 1.20 with defaultGlobalNamespace false, then serves remote backends', async () => {
    await makeServiceGlobal(clusters[1].kubeConfig, {
      namespace: NAMESPACE,
      service: SERVICE,
      global: true,
    });
    expect(await backendNetworks(0)).toEqual(['10.11']);

    for (const c of clusters) {
      await expect(
        makeServiceGlobal(c.kubeConfig, {
          namespace: NAMESPACE,
          service: SERVICE,
          global: true,
          namespaceGlobal: true,
        }),
      ).resolves.toMatchObject({
        servicePatched: false,
        namespacePatched: true,
      });
    }
    expect(
      (await core(1).readNamespace({ name: NAMESPACE })).metadata?.annotations,
    ).toMatchObject({ 'clustermesh.cilium.io/global': 'true' });
    await expect(
      makeServiceGlobal(clusters[1].kubeConfig, {
        namespace: NAMESPACE,
        service: SERVICE,
        global: true,
        namespaceGlobal: true,
      }),
    ).resolves.toMatchObject({
      servicePatched: false,
      namespacePatched: false,
    });

    const deadline = Date.now() + 15_000;
    while ((await backendNetworks(0)).length < 2 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(lab.mesh.links().every(link => link.ready)).toBe(true);
    expect(await backendNetworks(0)).toEqual(['10.11', '10.12']);
    expect(await backendNetworks(1)).toEqual(['10.11', '10.12']);
  });

  it('refuses names that are not DNS labels before calling the API', async () => {
    await expect(
      makeServiceGlobal(clusters[0].kubeConfig, {
        namespace: 'Meshtest',
        service: SERVICE,
        global: true,
      }),
    ).rejects.toThrow('namespace: "Meshtest" is not a valid namespace');
  });
});

import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import { CNI_NOT_READY_MESSAGE } from './nodes';
import { rawRequest, startTestCluster, TestCluster } from './testCluster';

describe('a new AKS cluster', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });

  afterAll(() => cluster.server.stop());

  it('listens on a loopback address with its own CA', () => {
    expect(cluster.server.apiServerUrl).toMatch(
      /^https:\/\/127\.\d+\.\d+\.\d+:\d+$/,
    );
    expect(cluster.server.caPem).toContain('BEGIN CERTIFICATE');
  });

  it('issues an admin kubeconfig like az aks get-credentials --admin', () => {
    const admin = cluster.admin;
    expect(admin.getCurrentContext()).toBe('aks-weu');
    expect(admin.getCurrentUser()?.name).toBe('clusterAdmin_rg-mesh_aks-weu');
    expect(admin.getCurrentUser()?.certData).toBeTruthy();
    expect(admin.getCurrentCluster()?.server).toBe(cluster.server.apiServerUrl);
  });

  it('reports NotReady nodes named like AKS, waiting for a CNI', async () => {
    const nodes = await cluster.admin.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items).toHaveLength(3);
    const names = nodes.items.map(node => node.metadata!.name);
    expect(names[0]).toMatch(/^aks-system-\d{8}-vmss000000$/);
    expect(names).toContainEqual(
      expect.stringMatching(/^aks-system-\d{8}-vmss000001$/),
    );
    expect(names).toContainEqual(
      expect.stringMatching(/^aks-user-\d{8}-vmss000000$/),
    );
    for (const node of nodes.items) {
      const ready = node.status!.conditions!.find(
        condition => condition.type === 'Ready',
      )!;
      expect(ready).toMatchObject({
        status: 'False',
        reason: 'KubeletNotReady',
        message: CNI_NOT_READY_MESSAGE,
      });
      expect(node.spec!.podCIDR).toBeUndefined();
      expect(node.status!.addresses![0]).toMatchObject({
        type: 'InternalIP',
        address: expect.stringMatching(/^10\.224\.0\.\d+$/),
      });
      expect(node.status!.nodeInfo!.kubeletVersion).toBe('v1.33.0');
    }
    const user = nodes.items.find(node =>
      node.metadata!.name!.startsWith('aks-user'),
    )!;
    expect(user.metadata!.labels).toMatchObject({
      'kubernetes.io/hostname': user.metadata!.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'Standard_D2s_v5',
      'topology.kubernetes.io/region': 'westeurope',
      'kubernetes.azure.com/agentpool': 'user',
      'kubernetes.azure.com/mode': 'user',
    });
  });

  it('has the system namespaces, the kubernetes Service and per-namespace defaults', async () => {
    const core = cluster.admin.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(namespace => namespace.metadata!.name)).toEqual(
      ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
    );
    const kubernetes = await core.readNamespacedService({
      name: 'kubernetes',
      namespace: 'default',
    });
    expect(kubernetes.spec!.clusterIP).toBe('10.0.0.1');
    const dns = await core.readNamespacedService({
      name: 'kube-dns',
      namespace: 'kube-system',
    });
    expect(dns.spec!.clusterIP).toBe('10.0.0.10');
    const rootCa = await core.readNamespacedConfigMap({
      name: 'kube-root-ca.crt',
      namespace: 'kube-system',
    });
    expect(rootCa.data!['ca.crt']).toBe(cluster.server.caPem);
    const slices = await cluster.admin
      .makeApiClient(DiscoveryV1Api)
      .listNamespacedEndpointSlice({ namespace: 'default' });
    expect(slices.items[0].endpoints[0].addresses).toEqual([
      cluster.server.host,
    ]);
  });

  it('serves /version with the cluster version padded to a patch release', async () => {
    const version = await cluster.admin.makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.0',
      platform: 'linux/amd64',
    });
  });

  it('serves discovery with kinds, verbs and subresources', async () => {
    const core = await cluster.admin.makeApiClient(CoreV1Api).getAPIResources();
    const pods = core.resources.find(resource => resource.name === 'pods')!;
    expect(pods).toMatchObject({
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      shortNames: ['po'],
    });
    expect(pods.verbs).toEqual(
      expect.arrayContaining([
        'get',
        'list',
        'watch',
        'create',
        'patch',
        'delete',
      ]),
    );
    expect(core.resources.map(resource => resource.name)).toEqual(
      expect.arrayContaining([
        'pods/proxy',
        'pods/exec',
        'pods/status',
        'nodes',
        'nodes/status',
        'secrets',
        'configmaps',
      ]),
    );
    const apps = await cluster.admin.makeApiClient(AppsV1Api).getAPIResources();
    expect(apps.groupVersion).toBe('apps/v1');
    expect(
      apps.resources.find(resource => resource.name === 'deployments/status'),
    ).toMatchObject({
      kind: 'Deployment',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('answers health probes', async () => {
    const readyz = await rawRequest(cluster.server, '/readyz', {
      kubeConfig: cluster.admin,
    });
    expect(readyz).toMatchObject({ status: 200, text: 'ok' });
  });

  it('turns nodes Ready and lifts their not-ready taints once a CNI runs', async () => {
    cluster.server.setNodesReady(true);
    const nodes = await cluster.admin.makeApiClient(CoreV1Api).listNode();
    for (const node of nodes.items) {
      expect(
        node.status!.conditions!.find(condition => condition.type === 'Ready'),
      ).toMatchObject({
        status: 'True',
        reason: 'KubeletReady',
      });
      expect(node.spec!.taints).toBeUndefined();
    }
    cluster.server.setNodesReady(false);
    const after = await cluster.admin.makeApiClient(CoreV1Api).listNode();
    expect(after.items[0].spec!.taints!.map(taint => taint.key)).toContain(
      'node.kubernetes.io/not-ready',
    );
  });
});

import { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startTestCluster,
  statusOf,
  TestCluster,
  testClusterSpec,
} from '../testCluster';
import { KubeObject } from '../types';
import {
  Clients,
  clientsOf,
  createNamespace,
  eventually,
} from './__testUtils__/clusterTesting';

const DELAY_MS = 20;
const INTERNAL = {
  'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
};

function loadBalancer(
  name: string,
  options: {
    annotations?: Record<string, string>;
    loadBalancerIP?: string;
    ports?: V1ServicePort[];
  } = {},
): V1Service {
  return {
    metadata: { name, annotations: options.annotations },
    spec: {
      type: 'LoadBalancer',
      selector: { app: name },
      ports: options.ports ?? [{ name: 'etcd', port: 2379 }],
      ...(options.loadBalancerIP
        ? { loadBalancerIP: options.loadBalancerIP }
        : {}),
    },
  };
}

describe('the Azure service (load balancer) controller', () => {
  let cluster: TestCluster;
  let clients: Clients;

  beforeAll(async () => {
    cluster = await startTestCluster({ loadBalancerDelayMs: DELAY_MS });
    clients = clientsOf(cluster);
    await createNamespace(clients, 'lb');
  });

  afterAll(() => cluster.server.stop());

  const ingressOf = async (name: string) =>
    (await clients.core.readNamespacedService({ name, namespace: 'lb' })).status
      ?.loadBalancer?.ingress ?? [];

  const assignedAddress = (name: string) =>
    eventually(async () => {
      const ingress = await ingressOf(name);
      expect(ingress).toEqual([{ ip: expect.any(String), ipMode: 'VIP' }]);
      return ingress[0].ip!;
    });

  it.each([
    {
      name: 'internal-a',
      rule: 'an internal one gets the first free node-subnet address from .200',
      annotations: INTERNAL,
      expected: '10.224.0.200',
    },
    {
      name: 'internal-b',
      rule: 'the next internal one gets the next address',
      annotations: INTERNAL,
      expected: '10.224.0.201',
    },
    {
      name: 'pinned-annotation',
      rule: 'an internal one asking by annotation gets that address',
      annotations: {
        ...INTERNAL,
        'service.beta.kubernetes.io/azure-load-balancer-ipv4': '10.224.0.50',
      },
      expected: '10.224.0.50',
    },
    {
      name: 'pinned-spec',
      rule: 'an internal one asking by spec.loadBalancerIP gets that address',
      annotations: INTERNAL,
      loadBalancerIP: '10.224.3.7',
      expected: '10.224.3.7',
    },
    {
      name: 'public',
      rule: 'a public one gets an Azure public address',
      expected: expect.stringMatching(/^20\.50\.\d{1,3}\.\d{1,3}$/),
    },
  ])('$rule', async ({ name, annotations, loadBalancerIP, expected }) => {
    const created = await clients.core.createNamespacedService({
      namespace: 'lb',
      body: loadBalancer(name, { annotations, loadBalancerIP }),
    });
    expect(created.status!.loadBalancer).toEqual({});
    expect(await assignedAddress(name)).toEqual(expected);
  });

  it('gives a public load balancer the same address every time', async () => {
    const first = await assignedAddress('public');
    await clients.core.deleteNamespacedService({
      name: 'public',
      namespace: 'lb',
    });
    await clients.core.createNamespacedService({
      namespace: 'lb',
      body: loadBalancer('public'),
    });
    expect(await assignedAddress('public')).toBe(first);
  });

  it('allocates distinct node ports and keeps a requested one', async () => {
    const services = await clients.core.listNamespacedService({
      namespace: 'lb',
    });
    const nodePorts = services.items.flatMap(service =>
      service.spec!.ports!.map(port => port.nodePort!),
    );
    expect(new Set(nodePorts).size).toBe(nodePorts.length);
    for (const nodePort of nodePorts) {
      expect(nodePort).toBeGreaterThanOrEqual(30000);
      expect(nodePort).toBeLessThanOrEqual(32767);
    }
    const requested = await clients.core.createNamespacedService({
      namespace: 'lb',
      body: loadBalancer('requested-port', {
        ports: [{ port: 443, nodePort: 31443 }],
      }),
    });
    expect(requested.spec!.ports![0].nodePort).toBe(31443);
    const conflict = await clients.core
      .createNamespacedService({
        namespace: 'lb',
        body: loadBalancer('same-port', {
          ports: [{ port: 443, nodePort: 31443 }],
        }),
      })
      .catch(error => error);
    expect(statusOf(conflict)).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'Service "same-port" is invalid: spec.ports[0].nodePort: Invalid value: 31443: provided port is already allocated',
    });
  });

  it('takes the address and node ports away when the type changes, and gives them back', async () => {
    await assignedAddress('internal-b');
    await clients.core.patchNamespacedService({
      name: 'internal-b',
      namespace: 'lb',
      body: [{ op: 'replace', path: '/spec/type', value: 'ClusterIP' }],
    });
    await eventually(async () =>
      expect(await ingressOf('internal-b')).toEqual([]),
    );
    const clusterIp = await clients.core.readNamespacedService({
      name: 'internal-b',
      namespace: 'lb',
    });
    expect(clusterIp.spec!.ports![0].nodePort).toBeUndefined();
    await clients.core.patchNamespacedService({
      name: 'internal-b',
      namespace: 'lb',
      body: [{ op: 'replace', path: '/spec/type', value: 'LoadBalancer' }],
    });
    expect(await assignedAddress('internal-b')).toBe('10.224.0.201');
    const again = await clients.core.readNamespacedService({
      name: 'internal-b',
      namespace: 'lb',
    });
    expect(again.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('assigns nothing while load balancers are stuck pending, then assigns after the delay', async () => {
    let released = false;
    const assignedWhileReleased: boolean[] = [];
    const stopWatching = cluster.server.objects.onChange<KubeObject>(
      { apiVersion: 'v1', kind: 'Service', namespace: 'lb', name: 'waiting' },
      ({ object }) => {
        const status = object.status as V1Service['status'];
        if (status?.loadBalancer?.ingress?.length) {
          assignedWhileReleased.push(released);
        }
      },
    );
    try {
      cluster.server.controllers.setLoadBalancerPending(true);
      await clients.core.createNamespacedService({
        namespace: 'lb',
        body: loadBalancer('waiting', { annotations: INTERNAL }),
      });
      // Ten delays without an address: the fault holds it back, not the delay.
      await sleep(DELAY_MS * 10);
      expect(await ingressOf('waiting')).toEqual([]);
      released = true;
      cluster.server.controllers.setLoadBalancerPending(false);
      expect(await assignedAddress('waiting')).toBe('10.224.0.202');
      expect(assignedWhileReleased).toEqual([true]);
    } finally {
      stopWatching();
      cluster.server.controllers.setLoadBalancerPending(false);
    }
  });

  it('takes internal addresses from the subnet of a cluster in its own VNet', async () => {
    const byoVnet = await startTestCluster(
      { loadBalancerDelayMs: DELAY_MS },
      testClusterSpec({ name: 'aks-byo', nodeSubnetPrefix: '172.21.10.0/24' }),
    );
    try {
      const byoClients = clientsOf(byoVnet);
      const nodes = await byoClients.core.listNode();
      expect(
        nodes.items.map(node => node.status!.addresses![0].address).sort(),
      ).toEqual(['172.21.10.4', '172.21.10.5', '172.21.10.6']);
      await byoClients.core.createNamespacedService({
        namespace: 'default',
        body: loadBalancer('mesh', { annotations: INTERNAL }),
      });
      const ingress = await eventually(async () => {
        const service = await byoClients.core.readNamespacedService({
          name: 'mesh',
          namespace: 'default',
        });
        expect(service.status!.loadBalancer!.ingress).toHaveLength(1);
        return service.status!.loadBalancer!.ingress!;
      });
      expect(ingress).toEqual([{ ip: '172.21.10.200', ipMode: 'VIP' }]);
    } finally {
      await byoVnet.server.stop();
    }
  });
});

import {
  applySeedPreset,
  Lab,
  SEED_NAMESPACE,
  SEED_SERVICE,
} from '@meshportal/lab';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  identityKubeconfig,
  kubeConfigOf,
  kubeconfigWithToken,
} from './__testUtils__/labClusters';
import { rbacManifestRules } from './__testUtils__/rbacManifest';
import { ClusterObserver, ObserveOptions } from './clusterObserver';

// Building the seed mesh goes through ARM, helm and three API servers.
jest.setTimeout(60_000);

const [C1, C2, C3] = ['aks-ciliumlab', 'aks-ciliumlab2', 'aks-ciliumlab3'];
const CILIUM_NAMES: Record<string, string> = {
  [C1]: 'cluster1',
  [C2]: 'cluster2',
  [C3]: 'cluster3',
};

describe('ClusterObserver against the seed mesh', () => {
  let lab: Lab;
  let workDir: string;
  const observers: ClusterObserver[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'observer-seed-'));
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    await applySeedPreset(lab, { workDir });
  });

  afterAll(async () => {
    for (const observer of observers) observer.close();
    await lab?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    lab.faults.heal();
    await lab.mesh.settled();
  });

  const observerFor = (
    cluster: string,
    kubeconfig = lab.cluster(cluster).readOnlyKubeconfig(),
    options: ConstructorParameters<typeof ClusterObserver>[2] = {},
  ) => {
    const observer = new ClusterObserver(
      cluster,
      async () => kubeConfigOf(kubeconfig),
      options,
    );
    observers.push(observer);
    return observer;
  };

  /** The loopback stand-in for the cluster's load-balancer address (172.21.x.x is data only). */
  const probeEndpoint = (cluster: string) => {
    const service = lab.cluster(cluster).objects.get<any>({
      apiVersion: 'v1',
      kind: 'Service',
      namespace: 'kube-system',
      name: 'clustermesh-apiserver',
    })!;
    const ip = service.status.loadBalancer.ingress[0].ip as string;
    const endpoint = lab.mesh.endpointAt(ip, 2379)!;
    return { ip, endpoint: `${endpoint.host}:${endpoint.port}` };
  };

  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);

  const observe = (
    observer: ClusterObserver,
    options: Partial<ObserveOptions> = {},
  ): Promise<ClusterObservation> =>
    observer.observe({
      deadline: inSeconds(20),
      certificateProbe: false,
      ...options,
    });

  const seedService = (observation: ClusterObservation) =>
    observation.services.find(
      service =>
        service.namespace === SEED_NAMESPACE && service.name === SEED_SERVICE,
    );

  it("reads cluster1's configuration, workloads, peers and their readiness", async () => {
    const { ip, endpoint } = probeEndpoint(C1);
    const observation = await observe(observerFor(C1), {
      certificateProbe: { endpoint },
    });

    expect(observation.error).toBeUndefined();
    expect(observation.warnings).toEqual([]);
    const cilium = observation.cilium!;
    expect(cilium.version).toBe('1.20.0');
    expect(cilium.config).toMatchObject({
      clusterName: 'cluster1',
      clusterId: 1,
      maxConnectedClusters: 255,
      podCidrs: ['10.1.0.0/16'],
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      kubeProxyReplacement: 'true',
      encryption: 'disabled',
      ipamMode: 'cluster-pool',
      identityAllocationMode: 'crd',
    });
    expect(cilium.agents).toEqual({
      desired: 3,
      ready: 3,
      metricsEnabled: true,
    });
    expect(cilium.operator?.ready).toBeGreaterThan(0);
    expect(cilium.clustermeshApiserver).toMatchObject({
      desired: 1,
      ready: 1,
      kvstoremesh: true,
      serviceType: 'LoadBalancer',
      addresses: [ip],
      port: 2379,
      certificate: {
        endpoint,
        subject: expect.stringContaining('clustermesh-apiserver'),
        issuer: expect.stringContaining('Cilium CA'),
        notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    expect(
      new Date(cilium.clustermeshApiserver!.certificate!.notAfter).getTime(),
    ).toBeGreaterThan(Date.now());

    expect(cilium.configuredPeers).toEqual([
      {
        name: 'cluster2',
        addresses: [probeEndpoint(C2).ip],
        sources: ['remote-users', 'host-aliases'],
      },
      {
        name: 'cluster3',
        addresses: [probeEndpoint(C3).ip],
        sources: ['remote-users', 'host-aliases'],
      },
    ]);
    expect(cilium.agentViews).toHaveLength(3);
    for (const view of cilium.agentViews) {
      expect(view.error).toBeUndefined();
      expect(view.node).toBeTruthy();
      expect(view.peers.map(peer => [peer.cluster, peer.ready])).toEqual([
        ['cluster2', true],
        ['cluster3', true],
      ]);
    }
    expect(cilium.kvstoremeshViews).toHaveLength(1);
    expect(
      cilium.kvstoremeshViews[0].peers.map(peer => [peer.cluster, peer.ready]),
    ).toEqual([
      ['cluster2', true],
      ['cluster3', true],
    ]);

    expect(seedService(observation)).toEqual({
      namespace: SEED_NAMESPACE,
      name: SEED_SERVICE,
      global: true,
      shared: false,
      affinity: 'none',
      readyBackends: expect.any(Number),
    });
    expect(seedService(observation)!.readyBackends).toBeGreaterThan(0);
    expect(observation.plainServices).toContain('default/kubernetes');
    expect(observation.namespaces).toContainEqual({ name: SEED_NAMESPACE });
    // No certificate or key material leaves the reader.
    expect(JSON.stringify(observation)).not.toMatch(/BEGIN|PRIVATE|token/i);
  });

  it('sees the seeded service options per cluster and one CA across the mesh', async () => {
    const observations = await Promise.all(
      [C1, C2, C3].map(cluster =>
        observe(observerFor(cluster), {
          certificateProbe: { endpoint: probeEndpoint(cluster).endpoint },
        }),
      ),
    );
    expect(observations.map(o => o.cilium?.config.clusterName)).toEqual(
      [C1, C2, C3].map(cluster => CILIUM_NAMES[cluster]),
    );
    expect(
      observations.map(o => {
        const service = seedService(o)!;
        return [service.shared, service.affinity];
      }),
    ).toEqual([
      [false, 'none'],
      [true, 'remote'],
      [true, 'none'],
    ]);
    const certificates = observations.map(
      o => o.cilium?.clustermeshApiserver?.certificate,
    );
    expect(certificates.every(Boolean)).toBe(true);
    expect(new Set(certificates.map(c => c?.issuer))).toEqual(
      new Set(['CN=Cilium CA']),
    );
    // One shared CA: the same authority key identifier on all three.
    expect(certificates[0]?.issuerKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(certificates.map(c => c?.issuerKeyId)).size).toBe(1);
  });

  it("shows cluster3's agents and KVStoreMesh losing cluster1 on a partition", async () => {
    lab.faults.partition(C3, C1);
    await lab.mesh.settled();
    const cilium = (await observe(observerFor(C3))).cilium!;
    expect(cilium.agentViews).toHaveLength(3);
    for (const view of [...cilium.agentViews, ...cilium.kvstoremeshViews]) {
      expect(view.peers.map(peer => [peer.cluster, peer.ready])).toEqual([
        ['cluster1', false],
        ['cluster2', true],
      ]);
    }
    expect(cilium.kvstoremeshViews[0].peers[0].failures).toBeGreaterThan(0);
    expect(cilium.kvstoremeshViews[0].peers[0].lastFailure).toMatch(/Z$/);
  });

  it('reports an unreachable API server as a cluster error by the deadline', async () => {
    const observer = observerFor(C2);
    await lab.faults.setApiServerReachable(C2, false);
    try {
      const started = Date.now();
      const observation = await observe(observer, { deadline: inSeconds(3) });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(observation.error).toEqual({
        source: 'GET configmaps/cilium-config',
        kind: 'unreachable',
        message: expect.stringContaining('ECONNREFUSED'),
      });
      expect(observation.cilium).toBeUndefined();
    } finally {
      await lab.faults.setApiServerReachable(C2, true);
    }
  });

  it.each([
    ['the request timeout', { requestTimeoutMs: 300 }, 3],
    ['the deadline', { requestTimeoutMs: 30_000 }, 0.8],
  ])(
    'gives up on a slow API server at %s',
    async (_case, options, deadlineSeconds) => {
      const observer = observerFor(C2, undefined, options);
      lab.faults.setApiServerLatency(C2, 5_000);
      try {
        const deadline = inSeconds(deadlineSeconds);
        const observation = await observe(observer, { deadline });
        expect(Date.now()).toBeLessThan(deadline.getTime() + 1_000);
        expect(observation.error).toMatchObject({
          source: 'GET configmaps/cilium-config',
          kind: 'timeout',
        });
      } finally {
        lab.faults.setApiServerLatency(C2, 0);
      }
    },
  );

  it('reports rejected credentials without repeating them', async () => {
    const token = 'not-a-valid-token-0123456789';
    const observation = await observe(
      observerFor(C1, kubeconfigWithToken(lab.cluster(C1), token)),
    );
    expect(observation.error).toMatchObject({
      source: 'GET configmaps/cilium-config',
      kind: 'unauthorized',
    });
    expect(JSON.stringify(observation)).not.toContain(token);
  });

  it('turns a failed certificate probe into a warning', async () => {
    const observation = await observe(observerFor(C1), {
      // Nothing listens on port 1 of loopback.
      certificateProbe: { endpoint: '127.0.0.1:1' },
    });
    expect(observation.error).toBeUndefined();
    expect(
      observation.cilium?.clustermeshApiserver?.certificate,
    ).toBeUndefined();
    expect(observation.warnings).toEqual([
      {
        source: 'TLS handshake with 127.0.0.1:1',
        kind: 'unreachable',
        message: expect.stringContaining('ECONNREFUSED'),
      },
    ]);
  });

  it('needs nothing beyond the RBAC manifest, and never asks for Secrets or exec', async () => {
    const rules = rbacManifestRules();
    for (const rule of rules) {
      expect(rule.verbs.every(verb => verb === 'get' || verb === 'list')).toBe(
        true,
      );
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('pods/exec');
    }
    const traffic = lab.cluster(C2).recordTraffic();
    try {
      const observation = await observe(
        observerFor(
          C2,
          identityKubeconfig(
            lab.cluster(C2),
            'system:serviceaccount:kube-system:cilium-clustermesh-reader',
            rules,
          ),
        ),
        { certificateProbe: { endpoint: probeEndpoint(C2).endpoint } },
      );
      expect(observation.error).toBeUndefined();
      expect(observation.warnings).toEqual([]);
      expect(observation.cilium?.agentViews).toHaveLength(3);
      expect(observation.cilium?.kvstoremeshViews).toHaveLength(1);
      expect(
        observation.cilium?.clustermeshApiserver?.certificate,
      ).toBeDefined();
      expect(traffic.requests.length).toBeGreaterThan(10);
      expect(
        traffic.requests.filter(line =>
          /secrets|\/exec|\/attach|\/portforward/.test(line),
        ),
      ).toEqual([]);
      expect(traffic.requests.every(line => line.startsWith('GET '))).toBe(
        true,
      );
    } finally {
      traffic.stop();
    }
  });

  it('reuses its TLS connections across requests and observations', async () => {
    const observer = observerFor(C1);
    const traffic = lab.cluster(C1).recordTraffic();
    try {
      await observe(observer);
      const firstRequests = traffic.requests.length;
      const firstConnections = traffic.connections;
      // client-node alone opens one connection per request.
      expect(firstConnections).toBeLessThan(firstRequests);
      expect(firstConnections).toBeGreaterThan(0);

      await observe(observer);
      expect(traffic.requests.length).toBe(2 * firstRequests);
      expect(traffic.connections).toBe(firstConnections);

      observer.close();
      await observe(observer);
      expect(traffic.connections).toBeGreaterThan(firstConnections);
    } finally {
      traffic.stop();
    }
  });

  it('makes as many requests for 600 more Services as for none, but one page', async () => {
    const objects = lab.cluster(C1).objects;
    const namespace = 'many-services';
    const observer = observerFor(C1);
    const traffic = lab.cluster(C1).recordTraffic();
    const names = Array.from({ length: 600 }, (_, i) => `svc-${i}`);
    try {
      await observe(observer);
      const before = traffic.requests.length;
      objects.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          annotations: { 'clustermesh.cilium.io/global': 'false' },
        },
      });
      for (const name of names) {
        objects.create({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name,
            namespace,
            annotations:
              name === 'svc-7'
                ? {
                    'io.cilium/global-service': 'TRUE',
                    'io.cilium/service-affinity': 'closest',
                  }
                : {},
          },
          spec: { ports: [{ port: 80 }] },
        });
      }
      const observation = await observe(observer);
      expect(traffic.requests.length - before).toBe(before + 1);
      expect(observation.plainServices).toContain(`${namespace}/svc-599`);
      expect(
        observation.services.find(service => service.name === 'svc-7'),
      ).toEqual({
        namespace,
        name: 'svc-7',
        global: true,
        shared: true,
        affinity: 'none',
        invalidAffinity: 'closest',
        readyBackends: 0,
      });
      expect(observation.namespaces).toContainEqual({
        name: namespace,
        global: false,
      });
    } finally {
      traffic.stop();
      for (const name of names) {
        objects.delete({ apiVersion: 'v1', kind: 'Service', namespace, name });
      }
    }
  });
});

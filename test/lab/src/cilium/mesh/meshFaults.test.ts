import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lab } from '../../lab';
import {
  buildMesh,
  MeshClusterPlan,
  SEED_CLUSTERS,
  upgradeCilium,
} from '../../presets';
import { agreedReadiness, scrapeReadiness } from './__testUtils__/meshObserver';

// Each test builds clusters through ARM, helm and the Kubernetes API: slow on a busy CI machine.
jest.setTimeout(60_000);

const [C1, C2, C3] = SEED_CLUSTERS.map(plan => plan.aksName);

/** A fresh three-cluster seed mesh per test: these faults are not undone. */
async function withMesh(
  test: (
    lab: Lab,
    built: Awaited<ReturnType<typeof buildMesh>>,
  ) => Promise<void>,
  plans: MeshClusterPlan[] = SEED_CLUSTERS,
): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'lab-mesh-'));
  const lab = await Lab.start({
    mesh: { propagationDelayMs: 30 },
    loadBalancerDelayMs: 20,
  });
  try {
    await test(lab, await buildMesh(lab, plans, { workDir }));
  } finally {
    await lab.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

describe('faults Cilium refuses links for', () => {
  it('cuts every link of a cluster whose CA was replaced, in both directions', () =>
    withMesh(async lab => {
      await lab.faults.replaceCiliumCa(C3);
      await lab.mesh.settled();
      expect(await agreedReadiness(lab, C1)).toEqual({
        cluster2: 1,
        cluster3: 0,
      });
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 1,
        cluster3: 0,
      });
      expect(await agreedReadiness(lab, C3)).toEqual({
        cluster1: 0,
        cluster2: 0,
      });
      const reasons = lab.mesh
        .links()
        .filter(link => link.layer === 'kvstoremesh' && !link.ready);
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            from: C1,
            to: 'cluster3',
            reason:
              'tls: failed to verify certificate: x509: certificate signed by unknown authority',
          }),
          expect.objectContaining({
            from: C3,
            to: 'cluster1',
            reason:
              'tls: failed to verify certificate: x509: certificate signed by unknown authority',
          }),
        ]),
      );
    }));

  it('refuses a duplicate cluster id where Cilium reserves it first', () =>
    withMesh(async (lab, built) => {
      const third = built.find(cluster => cluster.plan.aksName === C3)!;
      await upgradeCilium({
        kubeconfigFile: third.kubeconfigFile,
        chartVersion: '1.20.0',
        set: ['cluster.id=1'],
      });
      await lab.mesh.settled();
      // cluster1 and cluster3 both claim id 1: each refuses the other, and
      // cluster2 keeps whichever it reserved first (cluster1).
      expect(await agreedReadiness(lab, C1)).toEqual({
        cluster2: 1,
        cluster3: 0,
      });
      expect(await agreedReadiness(lab, C3)).toEqual({
        cluster1: 0,
        cluster2: 1,
      });
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 1,
        cluster3: 0,
      });
      expect(lab.mesh.links()).toContainEqual(
        expect.objectContaining({
          from: C2,
          to: 'cluster3',
          layer: 'kvstoremesh',
          reason: 'clusterID 1 is already used',
        }),
      );
    }));

  it('takes a cluster out of every peer view while its clustermesh-apiserver is down', () =>
    withMesh(async lab => {
      lab.faults.setClusterMeshApiserverDown(C2, true);
      await lab.mesh.settled();
      expect(await agreedReadiness(lab, C1)).toEqual({
        cluster2: 0,
        cluster3: 1,
      });
      expect(await agreedReadiness(lab, C3)).toEqual({
        cluster1: 1,
        cluster2: 0,
      });
      // cluster2's own agents read peers through their local KVStoreMesh, which is down too.
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 0,
        cluster3: 0,
      });
      lab.faults.setClusterMeshApiserverDown(C2, false);
      await lab.mesh.settled();
      expect(await agreedReadiness(lab, C1)).toEqual({
        cluster2: 1,
        cluster3: 1,
      });
    }));
});

describe("a clustermesh-apiserver's TLS endpoint", () => {
  const handshake = (
    endpoint: { host: string; port: number },
    client: { ca: string; cert: string; key: string },
  ) =>
    new Promise<{ subject: string; validTo: string }>((resolve, reject) => {
      const socket = connect({
        ...endpoint,
        ...client,
        servername: 'cluster1.mesh.cilium.io',
      });
      socket.once('secureConnect', () => {
        const certificate = socket.getPeerCertificate();
        socket.destroy();
        resolve({
          subject: certificate.subject.CN as string,
          validTo: certificate.valid_to,
        });
      });
      socket.once('error', reject);
    });

  const secretText = (lab: Lab, cluster: string, name: string, key: string) =>
    Buffer.from(
      (
        lab.cluster(cluster).objects.get<any>({
          apiVersion: 'v1',
          kind: 'Secret',
          namespace: 'kube-system',
          name,
        })!.data as Record<string, string>
      )[key],
      'base64',
    ).toString('utf8');

  it('answers a handshake at its load balancer address with its server certificate, until a fault expires it', () =>
    withMesh(async lab => {
      const service = lab.cluster(C1).objects.get<any>({
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'kube-system',
        name: 'clustermesh-apiserver',
      })!;
      const ip = service.status.loadBalancer.ingress[0].ip;
      expect(ip).toMatch(/^172\.21\.10\.\d+$/);
      const endpoint = lab.mesh.endpointAt(ip, 2379)!;
      expect(endpoint.host).toMatch(/^127\.\d+\.\d+\.\d+$/);
      // A peer's KVStoreMesh: its own remote certificate, trusting the shared CA.
      const peerClient = {
        ca: secretText(lab, C2, 'cilium-ca', 'ca.crt'),
        cert: secretText(
          lab,
          C2,
          'clustermesh-apiserver-remote-cert',
          'tls.crt',
        ),
        key: secretText(
          lab,
          C2,
          'clustermesh-apiserver-remote-cert',
          'tls.key',
        ),
      };
      expect((await handshake(endpoint, peerClient)).subject).toMatch(
        /^clustermesh-apiserver\./,
      );

      await lab.faults.shortenServerCertificate(C1, -1);
      await lab.mesh.settled();
      await expect(handshake(endpoint, peerClient)).rejects.toMatchObject({
        code: 'CERT_HAS_EXPIRED',
      });
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 0,
        cluster3: 1,
      });
      expect(lab.mesh.links()).toContainEqual(
        expect.objectContaining({
          from: C2,
          to: 'cluster1',
          layer: 'kvstoremesh',
          reason: expect.stringContaining(
            'x509: certificate has expired or is not yet valid',
          ),
        }),
      );
    }));
});

describe('operational faults', () => {
  it('leaves agents that are not ready without peers, on their nodes only', () =>
    withMesh(async lab => {
      const node = lab
        .cluster(C1)
        .objects.list({ apiVersion: 'v1', kind: 'Node' })[0].metadata.name!;
      lab.faults.setAgentsReady(C1, false, [node]);
      await lab.mesh.settled();
      const byPod = await scrapeReadiness(lab, C1);
      const agentOn = (name: string) =>
        lab.cluster(C1).objects.get<any>({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: 'kube-system',
          name,
        })!;
      const views = [...byPod.entries()].map(([pod, readiness]) => ({
        onFaultyNode: agentOn(pod).spec.nodeName === node,
        ready: agentOn(pod).status.conditions.find(
          (c: any) => c.type === 'Ready',
        ).status,
        readiness,
      }));
      expect(views).toEqual(
        expect.arrayContaining([
          {
            onFaultyNode: true,
            ready: 'False',
            readiness: { cluster2: 0, cluster3: 0 },
          },
          {
            onFaultyNode: false,
            ready: 'True',
            readiness: { cluster2: 1, cluster3: 1 },
          },
        ]),
      );
      expect(views.filter(view => view.onFaultyNode)).toHaveLength(1);
    }));

  it('fails a helm upgrade without changing the release, and the retry converges', () =>
    withMesh(async (lab, built) => {
      const first = built.find(cluster => cluster.plan.aksName === C1)!;
      const upgrade = () =>
        upgradeCilium({
          kubeconfigFile: first.kubeconfigFile,
          chartVersion: '1.20.0',
          set: ['clustermesh.apiserver.replicas=1'],
        });
      const revisions = () =>
        lab
          .cluster(C1)
          .objects.list(
            { apiVersion: 'v1', kind: 'Secret' },
            { namespace: 'kube-system', labelSelector: 'owner=helm' },
          )
          .map(secret => secret.metadata.name)
          .sort();
      const before = revisions();
      lab.faults.failHelm(C1);
      await expect(upgrade()).rejects.toThrow(/etcdserver: request timed out/);
      expect(revisions()).toEqual(before);
      await upgrade();
      expect(revisions()).toEqual([
        ...before,
        `sh.helm.release.v1.cilium.v${before.length + 1}`,
      ]);
    }));

  it('keeps a recreated clustermesh-apiserver Service unreachable while its load balancer is pending', () =>
    withMesh(async (lab, built) => {
      const first = built.find(cluster => cluster.plan.aksName === C1)!;
      lab.faults.setLoadBalancerPending(C1, true);
      lab.cluster(C1).objects.delete({
        apiVersion: 'v1',
        kind: 'Service',
        namespace: 'kube-system',
        name: 'clustermesh-apiserver',
      });
      // Helm puts the Service back; Azure never finishes its address.
      await upgradeCilium({
        kubeconfigFile: first.kubeconfigFile,
        chartVersion: '1.20.0',
      });
      await lab.cluster(C1).controllers.whenIdle();
      await lab.mesh.settled();
      const service = () =>
        lab.cluster(C1).objects.get<any>({
          apiVersion: 'v1',
          kind: 'Service',
          namespace: 'kube-system',
          name: 'clustermesh-apiserver',
        })!;
      expect(service().status.loadBalancer).toEqual({});
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 0,
        cluster3: 1,
      });

      lab.faults.setLoadBalancerPending(C1, false);
      await waitUntil(() => Boolean(service().status.loadBalancer.ingress));
      await lab.mesh.settled();
      expect(await agreedReadiness(lab, C2)).toEqual({
        cluster1: 1,
        cluster3: 1,
      });
    }));
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
